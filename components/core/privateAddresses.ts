/**
 * Addresses a deploy-time fetch must not reach unless told to: loopback, private, link-local
 * (the cloud metadata service at 169.254.169.254 and fd00:ec2::254), unique-local, CGNAT,
 * multicast and reserved ranges, IPv4 and IPv6, including IPv4 embedded in IPv6 (mapped
 * `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`). A hostile discovery document or
 * issuer otherwise turns `pulumi preview` into a request to the deploying machine's network.
 *
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
import { BlockList, isIP } from "net";

const V4: Array<[string, number, string]> = [
    ["0.0.0.0", 8, "a 'this network' address"],
    ["10.0.0.0", 8, "a private address"],
    ["100.64.0.0", 10, "a shared (CGNAT) address"],
    ["127.0.0.0", 8, "a loopback address"],
    ["169.254.0.0", 16, "a link-local address (the cloud metadata service lives here)"],
    ["172.16.0.0", 12, "a private address"],
    ["192.0.0.0", 24, "an IETF protocol address"],
    ["192.168.0.0", 16, "a private address"],
    ["198.18.0.0", 15, "a benchmarking address"],
    ["224.0.0.0", 4, "a multicast address"],
    ["240.0.0.0", 4, "a reserved address"],
];
const V6: Array<[string, number, string]> = [
    ["::", 96, "an unspecified, loopback or IPv4-compatible address"],
    ["fc00::", 7, "a unique-local address (AWS's metadata service fd00:ec2::254 is one)"],
    ["fe80::", 10, "a link-local address"],
    ["fec0::", 10, "a site-local address"],
    ["ff00::", 8, "a multicast address"],
];

const lists = (ranges: Array<[string, number, string]>, type: "ipv4" | "ipv6") => ranges.map(([net, prefix, what]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    return { list, what, type };
});
const V4_LISTS = lists(V4, "ipv4");
const V6_LISTS = lists(V6, "ipv6");

/** The IPv4 address embedded in an IPv6 one (mapped, NAT64, 6to4), or undefined. */
function embeddedV4(address: string): string | undefined {
    // The URL parser writes IPv6 in one canonical, compressed, lower-case form.
    const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
    const hex = (a: string, b: string) => { const n = (parseInt(a, 16) << 16) | parseInt(b, 16); return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."); };
    let m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical) ?? /^64:ff9b::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
    if (m) {
        return hex(m[1], m[2]);
    }
    m = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(:|$)/.exec(canonical);
    return m ? hex(m[1], m[2]) : undefined;
}

/**
 * Why `address` (an IP literal) is not public, e.g. "a loopback address", or undefined when it
 * is. Anything that is not an IP address at all is refused too.
 */
export function nonPublicAddress(address: string): string | undefined {
    const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
    const version = isIP(bare);
    if (version === 4) {
        return V4_LISTS.find((l) => l.list.check(bare, "ipv4"))?.what ?? (bare === "255.255.255.255" ? "the broadcast address" : undefined);
    }
    if (version === 6) {
        const v4 = embeddedV4(bare.split("%")[0]);
        if (v4 !== undefined) {
            const inner = nonPublicAddress(v4);
            return inner === undefined ? undefined : `${inner} (as IPv6)`;
        }
        return V6_LISTS.find((l) => l.list.check(bare.split("%")[0], "ipv6"))?.what;
    }
    return "not an IP address";
}
