/**
 * Imports every function module for its registrations (fn-registry.ts). Add one line per new module.
 */
export {};
