/**
 * `<secure-context-notice hidden>` on lesson pages with labs: labs sign and verify tokens with WebCrypto,
 * which browsers expose only in secure contexts (HTTPS or localhost). It shows its message when missing.
 */
export class SecureContextNotice extends HTMLElement {
  connectedCallback(): void {
    const hasWebCrypto = globalThis.isSecureContext && typeof globalThis.crypto?.subtle === 'object';
    this.hidden = hasWebCrypto;
  }
}
