/**
 * `npm run soak`: 60 s of mixed traffic at 100 connections (scripts/mixed-soak.ts).
 * `npm run soak -- --hostile`: the attacks of issue 13 and the drain test (scripts/hostile.ts).
 * Neither is part of npm test.
 */
if (process.argv.includes('--hostile')) await import('./hostile.js');
else await import('./mixed-soak.js');
