/**
 * Files whose content an attacker can predict on any Linux host, used to pick the key of a `kid`
 * path traversal (PortSwigger lab 6, jwt_tool playbook). The naive file-key verifier reads the same map.
 */
export const PREDICTABLE_FILES: Readonly<Record<string, string>> = {
  '/dev/null': '',
  '/proc/sys/kernel/randomize_va_space': '2\n',
};

/** Where the naive file-key verifier keeps its keys: it builds `${KEY_DIRECTORY}/${kid}`. */
export const KEY_DIRECTORY = '/var/lib/tokens/keys';
