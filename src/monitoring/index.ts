export { writeSamples, listSamples } from './sample-repo.js';
