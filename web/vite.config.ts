import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// The consoles are served by the API server at /console (src/platform/http/console.ts). During
// development, `npm run dev:web` proxies the API to a server started with `npm start`.
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    // antd and echarts are large by nature: each is one long-cached chunk, apart from the
    // application code (echarts loads only with the partner center).
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/v2', '/v3', '/v4', '/operator', '/sandbox'].map((p) => [p, 'http://127.0.0.1:8080'])),
  },
});
