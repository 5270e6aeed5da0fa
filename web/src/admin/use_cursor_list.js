// A list the API hands out in pages with a cursor (`next`, passed back as `after`): the first page
// whenever `key` changes, then `more()` appends the next page. Deliveries, incidents and waiting
// events use it; `update(fn)` replaces items in place (a row after redelivery or a retry).
import { useEffect, useState } from "preact/hooks";

// `fetchPage(after)` resolves to {items, next}.
export function useCursorList(fetchPage, key) {
  const [list, setList] = useState({ items: null, next: null, error: null, busy: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setList({ items: null, next: null, error: null, busy: true });
    fetchPage("").then(
      (page) => live && setList({ items: page.items, next: page.next, error: null, busy: false }),
      (error) => live && setList({ items: null, next: null, error, busy: false }),
    );
    return () => (live = false);
  }, [key, generation]);
  const more = async () => {
    if (!list.next || list.busy) return;
    setList({ ...list, busy: true });
    try {
      const page = await fetchPage(list.next);
      setList({ items: [...list.items, ...page.items], next: page.next, error: null, busy: false });
    } catch (error) {
      setList({ ...list, error, busy: false });
    }
  };
  return {
    ...list,
    more,
    reload: () => setGeneration(generation + 1),
    update: (fn) => setList((current) => ({ ...current, items: current.items && current.items.map(fn) })),
  };
}
