export interface PageInfo {
  /** 1-based. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last item shown; 0 and 0 when there are none. */
  first: number;
  last: number;
  previousOffset?: number;
  nextOffset?: number;
}

/** Where a page of `limit` items starting at `offset` sits among `total`. */
export function pageInfo(total: number, limit: number, offset: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  const start = (page - 1) * limit;
  return {
    page,
    pages,
    first: total === 0 ? 0 : start + 1,
    last: Math.min(total, start + limit),
    ...(page > 1 ? { previousOffset: start - limit } : {}),
    ...(page < pages ? { nextOffset: start + limit } : {}),
  };
}
