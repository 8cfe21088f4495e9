"""Command policy: shell lexer and parser, safety rules, environment, working directory."""
