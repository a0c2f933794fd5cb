// The BTF reader's public surface.
export { Btf, type ParseBtfOptions, parseBtf } from "./btf";
export { BtfError } from "./btf-error";
export { type BtfHeader, readBtfHeader, sniffBtfEndianness } from "./btf-header";
export { BTF_KIND, type BtfKindName } from "./btf-kinds";
export type * from "./btf-model";
export { extractBtf, parseBtfFile, type ReadBtfFileOptions, readBtfKfuncsFromFile } from "./read-file";
export { KFUNC_TAG, kfuncsOf, type ReadBtfKfuncsOptions, readBtfKfuncs } from "./read-kfuncs";
export { type RenderOptions, renderDefinition, renderFuncPrototype, renderType } from "./render";
