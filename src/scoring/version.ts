/** Stored with every submitted result; bump on any change that can alter a score, stage or path. */
export const ENGINE_VERSION = '1.1.0';
