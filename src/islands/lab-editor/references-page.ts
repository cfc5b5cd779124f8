import { createContext } from 'react';

/** The references page's URL (with the base path): evidence links each clause it enforces there. */
export const ReferencesPage = createContext<string | undefined>(undefined);
