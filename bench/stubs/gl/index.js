// headless-gl stand-in: reports that no WebGL context can be created, so gpu.js falls back to the CPU.
module.exports = function createContext() {
  return null;
};
