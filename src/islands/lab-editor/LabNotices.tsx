import type { LabSessionState } from './lab-session';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Restored work, a lab that changed since, another tab on the same lab, and failed saves. */
export default function LabNotices({ state }: { state: LabSessionState }) {
  const { origin, save, otherTabOpen } = state;
  return (
    <div className="lab-notices">
      {origin.kind === 'restored' && (
        <p className="lab-restored">Your code from {when(origin.savedAt)} was restored.</p>
      )}
      {origin.kind === 'restored-outdated' && (
        <p className="lab-notice lab-notice-warning">
          Your code from {when(origin.savedAt)} was kept, but this lab's{' '}
          {origin.starterChanged && origin.checksChanged
            ? 'starter file and checks have'
            : origin.starterChanged
              ? 'starter file has'
              : 'checks have'}{' '}
          changed since. Run the checks to see where you stand, or use “Reset to starter” (it can be undone).
        </p>
      )}
      {otherTabOpen && (
        <p className="lab-notice lab-notice-warning" role="alert">
          This lab is also open in another tab. Both save to the same place: keep editing in one of them only.
        </p>
      )}
      {save.status === 'failed' && (
        <p className="lab-notice lab-notice-error" role="alert" data-code={save.code}>
          Your latest changes could not be saved ({save.message}); what was saved before is untouched.
          {save.code === 'ERR_STORAGE_FULL' && ' Free some browser storage for this site, then type again.'}
        </p>
      )}
    </div>
  );
}
