/** JSON for a `<script type="application/json">`: `<` escaped so no string in it can close the tag. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
