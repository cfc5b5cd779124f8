import { InspectionError } from './inspection';
import { inspectToken } from './inspect-token';
import { renderInspection, renderProblem } from './render-inspection';

/**
 * Wires a `<token-inspector>`'s textarea to the decoder. Runs entirely in the page: no request, no
 * storage, no logging of the token.
 */
export function attachInspector(root: HTMLElement): void {
  const input = root.querySelector<HTMLTextAreaElement>('textarea');
  const output = root.querySelector<HTMLElement>('.ti-output');
  if (!input || !output || root.hasAttribute('data-ready')) return;

  const update = () => {
    if (input.value.trim() === '') {
      output.replaceChildren();
      return;
    }
    try {
      renderInspection(output, inspectToken(input.value, new Date()));
    } catch (error) {
      if (error instanceof InspectionError) renderProblem(output, error.message, error.code);
      else renderProblem(output, 'This input could not be decoded.', 'ERR_UNEXPECTED');
    }
  };

  input.addEventListener('input', update);
  root.setAttribute('data-ready', '');
  update();
}
