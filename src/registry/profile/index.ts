export { buildProfile, type BuildProfileOptions } from './build-profile.js';
