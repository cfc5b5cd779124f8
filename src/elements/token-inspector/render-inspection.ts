import type { ExplainedMember, Inspection, InspectionWarning } from './inspection';

type Child = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string>,
  ...children: Child[]
) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  // textContent only: token data never reaches innerHTML.
  for (const child of children) node.append(child);
  return node;
}

const SEVERITY_LABEL: Record<InspectionWarning['severity'], string> = {
  danger: 'Danger',
  caution: 'Caution',
  info: 'Note',
};

function warningList(warnings: InspectionWarning[]): HTMLElement {
  if (warnings.length === 0) {
    return el(
      'p',
      { class: 'ti-clean' },
      'No risky headers or claims found. That says nothing about the signature: decoding is not verifying.',
    );
  }
  return el(
    'ul',
    { class: 'ti-warnings' },
    ...warnings.map((w) =>
      el(
        'li',
        { class: `ti-warning ti-${w.severity}`, 'data-code': w.code },
        el('strong', {}, `${SEVERITY_LABEL[w.severity]}: `),
        w.message,
      ),
    ),
  );
}

function memberTable(caption: string, members: ExplainedMember[]): HTMLElement {
  const rows = members.map((m) =>
    el(
      'tr',
      { 'data-name': m.name },
      el('th', { scope: 'row' }, el('code', {}, m.name)),
      el(
        'td',
        {},
        el('code', { class: 'ti-value' }, m.value),
        ...(m.time ? [el('div', { class: 'ti-time' }, m.time)] : []),
      ),
      el(
        'td',
        {},
        m.meaning ??
          'Not a registered name: a private claim or parameter agreed between issuer and consumer.',
      ),
    ),
  );
  return el(
    'table',
    { class: 'ti-table' },
    el('caption', {}, caption),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Name'),
        el('th', { scope: 'col' }, 'Value'),
        el('th', { scope: 'col' }, 'Meaning'),
      ),
    ),
    el('tbody', {}, ...rows),
  );
}

/** Replaces `output`'s content with the inspection: warnings, header, claims and signature facts. */
export function renderInspection(output: HTMLElement, inspection: Inspection): void {
  const parts: HTMLElement[] = [
    el('h3', {}, inspection.kind === 'jws' ? 'Signed token (JWS)' : 'Encrypted token (JWE)'),
    warningList(inspection.warnings),
    memberTable('Protected header', inspection.headerMembers),
  ];
  if (inspection.kind === 'jws') {
    parts.push(memberTable('Claims', inspection.claims));
    parts.push(
      el(
        'p',
        { class: 'ti-signature' },
        `Signature: ${inspection.signatureBytes ?? 0} bytes, not verified. Only a verifier with the issuer's key and an algorithm allow-list can tell whether these claims are genuine.`,
      ),
    );
  }
  output.replaceChildren(...parts);
}

export function renderProblem(output: HTMLElement, message: string, code: string): void {
  output.replaceChildren(el('p', { class: 'ti-error', role: 'alert', 'data-code': code }, message));
}
