/**
 * The verify page's own script: never part of the shared element script (it loads zod and the runner). It
 * defines the element itself for the reason given in certificate-claim/index.ts.
 */
import { CertificateVerify } from './certificate-verify';

if (!customElements.get('certificate-verify')) customElements.define('certificate-verify', CertificateVerify);
