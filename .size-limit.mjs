// The JavaScript budgets, enforced by `npm test` (size-limit, gzip) over the site the browser suites just
// built (dist-e2e); SIZE_LIMIT_DIST=dist checks a plain `npm run build` instead.
import { budgetChecks } from './scripts/page-scripts.mjs';

export default budgetChecks(process.env['SIZE_LIMIT_DIST'] ?? process.env['E2E_OUT_DIR'] ?? 'dist-e2e');
