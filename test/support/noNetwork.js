/**
 * Preloaded (`node --require`) into a process that must stay offline: any socket connection or
 * DNS lookup prints a marker line on stderr and throws. Independent of the code under test's
 * own guards, at the lowest level every client (http, https, tls, fetch) goes through.
 */
const net = require("net");
const dns = require("dns");

const MARKER = "NETWORK ATTEMPT (offline test):";
function refuse(what, target) {
    const where = typeof target === "object" && target !== null ? JSON.stringify({ host: target.host, port: target.port, path: target.path }) : String(target);
    process.stderr.write(`${MARKER} ${what} ${where}\n`);
    throw new Error(`${MARKER} ${what} ${where}`);
}
net.Socket.prototype.connect = function (target) { return refuse("socket connect", target); };
dns.lookup = function (host) { return refuse("dns lookup", host); };
dns.promises.lookup = async function (host) { return refuse("dns lookup", host); };
module.exports = { MARKER };
