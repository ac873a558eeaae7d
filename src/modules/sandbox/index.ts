export { seedDemo, hasDemoData, demoCredentials } from './seed-demo.ts';
export { DEMO_ACTORS, DEMO_PASSWORD, DEMO_PLATFORM, demoActor, type DemoActor } from './demo.ts';
export { readClockOffset, syncClock, setClock, advanceClock, clockState } from './clock-settings.ts';
export { registerSandboxRoutes } from './sandbox.routes.ts';
