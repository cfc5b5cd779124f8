export const CALLOUT_TYPES = ['note', 'warning', 'security'] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

const TITLES: Record<CalloutType, string> = { note: 'Note', warning: 'Warning', security: 'Security' };

/** The heading a callout gets when the author gives none. */
export function calloutTitle(type: CalloutType): string {
  return TITLES[type];
}
