import { selfUrl } from "./http";

// Links for paginated lists: the page asked for, and its neighbours when they exist. Every other
// query parameter is kept as the client sent it.

export interface PageLinks {
  self: string;
  next: string | null;
  prev: string | null;
}

export function pageLinks(request: Request, page: number, pageSize: number, total: number): PageLinks {
  const self = selfUrl(request);
  const withPage = (n: number) => {
    const url = new URL(self);
    url.searchParams.set("page", String(n));
    return url.toString();
  };
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  return {
    self: self.toString(),
    next: page < lastPage ? withPage(page + 1) : null,
    // Past the end, "previous" leads back to the last page that has items.
    prev: page > 1 ? withPage(Math.min(page - 1, lastPage)) : null,
  };
}
