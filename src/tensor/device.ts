/**
 * Device names: chainrule computes on the CPU only, so 'cpu' (or 'cpu:0') is accepted wherever
 * PyTorch takes a device (`tensor.to('cpu')`, `module.to('cpu')`) and any other device is a
 * clear error.
 * @module
 */
import { ValueError } from '../errors.js';

const DEVICES = /^(cuda|mps|xpu|xla|meta|hip|vulkan|ipu|hpu|ort|mkldnn|opengl|opencl|ideep|fpga|ve|lazy|mtia)(:\d+)?$/;

/** Whether `name` is a device name (rather than a dtype); throws for a device other than the CPU. */
export function isDevice(op: string, name: unknown): boolean {
  if (typeof name !== 'string') return false;
  if (name === 'cpu' || /^cpu:\d+$/.test(name)) return true;
  if (DEVICES.test(name)) {
    throw new ValueError(op, `device '${name}' is not available: chainrule computes on the CPU only; use 'cpu' (or leave the call out)`);
  }
  return false;
}
