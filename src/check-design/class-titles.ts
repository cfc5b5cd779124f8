import type { CheckDesignClass } from '../schemas/check-design';

/** How /coverage/ and messages name each class (the headings of docs/check-design.md). */
export const CHECK_DESIGN_CLASS_TITLES: Record<CheckDesignClass, string> = {
  'exact-comparisons': 'Exact comparisons',
  canonicalisation: 'Canonicalisation',
  'required-members': 'Required members',
  'algorithms-and-keys': 'Algorithms and keys',
  time: 'Time',
  state: 'State',
  binding: 'Binding',
  'allow-lists': 'Allow-lists',
  'fail-closed': 'Fail closed',
  'issuer-side': 'Issuer-side labs',
  'undisguised-inputs': 'Inputs that do not give themselves away',
  'static-rules': 'Static rules where no behaviour can show a flaw',
};
