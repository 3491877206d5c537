import { createFakeBridge } from '../../renderer/bridge/fake.js';
import { contractSuite } from './contract-suite.js';

contractSuite('fake bridge', async () => {
  const bridge = createFakeBridge();
  return {
    bridge,
    missingPath: '/virtual/missing.csv',
    makeFile: async (name, text) => {
      bridge.addFile(`/virtual/${name}`, text);
      return `/virtual/${name}`;
    },
    dispose: async () => {},
  };
});
