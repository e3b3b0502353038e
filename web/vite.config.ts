import { defineConfig } from "vite";

// Built into web/dist, which the gateway serves at "/". During `npm run dev`, API calls go to the local gateway.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      "/api": "http://localhost:5100",
      "/dev": "http://localhost:5100",
      "/hubs": { target: "ws://localhost:5100", ws: true },
    },
  },
});
