const pagesWithALab = new WeakSet<Request>();

/** True for the first `<Lab>` rendered for this page request, so page-wide data is emitted once. */
export function firstLabOnPage(request: Request): boolean {
  if (pagesWithALab.has(request)) return false;
  pagesWithALab.add(request);
  return true;
}
