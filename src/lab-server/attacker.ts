// Owned by the ATTACKER engineer: the attacker toolkit re-exported through @lab/server.
export {};
