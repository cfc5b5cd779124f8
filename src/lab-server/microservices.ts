// Owned by the ATTACKER engineer: the microservices simulation re-exported through @lab/server.
export {};
