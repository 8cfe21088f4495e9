"""`python -m actors`: the actors process of the Procfile."""

from actors.launcher import main

raise SystemExit(main())
