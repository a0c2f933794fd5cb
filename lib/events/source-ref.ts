// Where a documented fact comes from: a web address (a commit, a list message) or a file read in a
// Debian kernel source package, written `debian:<package> (<version>) <path>`. The second is not a
// URL, so the UI shows it as text and the feeds link only the first. Pure: client components use it.

/** A file in a Debian source package: `debian:linux-source-7.3 (7.3.4-1~bpo13+1) kernel/sched/ext/ext.c`. */
export const DEBIAN_SOURCE_REF = /^debian:[a-z0-9][a-z0-9.+-]* \([0-9][A-Za-z0-9.+~:-]*\) [^\s]+$/;

/** Whether a source can be followed as a link (http or https). */
export const isWebSource = (source: string): boolean => /^https?:\/\//i.test(source);
