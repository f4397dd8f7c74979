import { closeSharedTestStore } from './store';

// Runs after every test file's own afterAll hooks (jest.config.js setupFilesAfterEnv): what the file's
// test gateways shared is closed once they are all gone.
afterAll(() => closeSharedTestStore());
