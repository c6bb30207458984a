/**
 * Stored with every submitted result; bump on any change that can alter a score, stage, path or the bytes of a
 * result. Results are stored as what re-derives them (src/assessments/results.ts), so a new version also needs
 * its record (`npm run engine:record`), and a build that stops keeping a version must follow `npm run results:freeze`.
 */
export const ENGINE_VERSION = '1.1.0';
