import WebSocket from 'ws';
import { createFakeBridge } from '../../renderer/bridge/fake.js';
import { createHttpBridge, type SocketCtor } from '../../renderer/bridge/http.js';
import { startServer } from '../../server/http-server.js';
import { contractSuite } from './contract-suite.js';

// The HTTP bridge in Node, against a real web-mode server wrapping the fake: the transport must be invisible.
contractSuite('HTTP bridge → server → fake', async () => {
  const fake = createFakeBridge();
  const server = await startServer({ api: fake, log: { info() {}, warn() {}, error() {} } });
  const bridge = createHttpBridge({
    baseUrl: `http://127.0.0.1:${server.port}`,
    token: server.token,
    WebSocket: WebSocket as unknown as SocketCtor,
  });
  // Events emitted before the socket opens are not delivered: wait for it, as the app does at start.
  bridge.on('jobs.finished', () => {});
  await bridge.connected();
  return {
    bridge,
    missingPath: '/virtual/missing.csv',
    makeFile: async (name, text) => {
      fake.addFile(`/virtual/${name}`, text);
      return `/virtual/${name}`;
    },
    dispose: async () => {
      bridge.close();
      await server.close();
    },
  };
});
