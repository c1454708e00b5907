/**
 * What a side panel of the edit view reads from one of our admin routes about the open entry,
 * read again after every save (`savedAt`). `unavailable`: the route refused (a type the route
 * does not serve, or an entry the editor may not read); the panel then shows nothing.
 */
import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

export function useEntryData<T>(path: string | null, savedAt: string | undefined): { data: T | null; unavailable: boolean } {
  const { get } = useFetchClient();
  const [data, setData] = useState<T | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    if (!path) return undefined;
    let current = true;
    get<{ data: T }>(path).then(
      (response) => current && setData(response.data.data),
      () => current && setUnavailable(true),
    );
    return () => {
      current = false;
    };
  }, [get, path, savedAt]);
  return { data, unavailable };
}
