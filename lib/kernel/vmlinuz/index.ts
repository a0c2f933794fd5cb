// The kernel build reader's public surface: a vmlinuz (x86 bzImage) and its modules → kfuncs.
export { bcjX86Decode } from "./bcj-x86";
export { type BuildFuncs, type BuildOddities, buildOddities, funcNames } from "./build-oddities";
export { type BuildKfunc, type BuildSnapshot, buildSnapshot, VMLINUX } from "./build-snapshot";
export { extractVmlinux, type VmlinuxImage } from "./bzimage";
export { type Compression, decompress, sniffCompression } from "./compression";
export {
  isModuleFile,
  type ModuleKfuncs,
  moduleKfuncs,
  moduleNameFromFile,
  readModuleElf,
} from "./module-btf";
export {
  type KernelBuild,
  type KernelBuildPaths,
  listModuleFiles,
  type ReadKernelBuildOptions,
  readKernelBuild,
} from "./read-build";
export { VmlinuzError, type VmlinuzErrorCode } from "./vmlinuz-error";
export { decompressXz } from "./xz";
