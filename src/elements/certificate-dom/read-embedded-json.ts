/** Reads data the page embedded at build time as `<script type="application/json" id="…">`. */
export function readEmbeddedJson<T>(id: string): T {
  const script = document.getElementById(id);
  if (!script?.textContent) throw new Error(`this page is missing its embedded data (#${id})`);
  return JSON.parse(script.textContent) as T;
}
