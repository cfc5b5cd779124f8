/**
 * The certificate page's own script: never part of the shared element script (it loads zod). It defines
 * the element itself rather than importing define-element, which would split that module out of the
 * shared script into a chunk every page then fetches.
 */
import { CertificateClaim } from './certificate-claim';

if (!customElements.get('certificate-claim')) customElements.define('certificate-claim', CertificateClaim);
