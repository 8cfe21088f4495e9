// Iterators that walk a list endpoint page by page, yielding its items.

/** Page-numbered lists (`{items, hasNext}`): from `query.page` (default 1) to the last page. */
export async function* pages(fetchPage, query = {}) {
  for (let page = query.page ?? 1; ; page++) {
    const result = await fetchPage({ ...query, page });
    yield* result.items;
    if (!result.hasNext || result.items.length === 0) return;
  }
}

/** Offset lists (`{[field]: [...], total}`): from `query.offset` (default 0) to `total`. */
export function byOffset(field) {
  return async function* offsets(fetchPage, query = {}) {
    for (let offset = query.offset ?? 0; ; ) {
      const result = await fetchPage({ ...query, offset });
      const items = result[field];
      yield* items;
      offset += items.length;
      if (items.length === 0 || offset >= result.total) return;
    }
  };
}

/** Sequenced streams (`{[field]: [{seq}, ...]}`): after `query.afterSeq` until a batch is empty. */
export function bySeq(field) {
  return async function* sequence(fetchPage, query = {}) {
    for (let afterSeq = query.afterSeq; ; ) {
      const result = await fetchPage({ ...query, afterSeq });
      const items = result[field];
      yield* items;
      if (items.length === 0) return;
      afterSeq = items[items.length - 1].seq;
    }
  };
}
