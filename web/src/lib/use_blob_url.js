// A file from the API (a Graphviz drawing) as an object URL an <img> can show: fetched again when
// `key` changes, the old URL released. null until it has loaded (or when it failed).
import { useEffect, useState } from "preact/hooks";

export function useBlobUrl(load, key) {
  const [url, setUrl] = useState(null);
  useEffect(() => {
    let objectUrl = null;
    load().then((blob) => {
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    }, () => {});
    return () => objectUrl && URL.revokeObjectURL(objectUrl);
  }, [key]);
  return url;
}
