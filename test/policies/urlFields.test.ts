/**
 * Every URL-typed field of every resource type the pack judges is read. The fields are derived
 * from the installed typings (@pulumi/auth0, @pulumi/aws) with the TypeScript compiler API, so a
 * provider upgrade that adds one (as 3.49 added oidcLogout.backchannelLogoutUrls) fails here until
 * policies/lib/urlFields.ts reads it or excludes it with a reason.
 *
 * A field is URL-typed when it holds strings (or lists of strings) and its name ends in url/uri/
 * endpoint/origin/callback/issuer/location/target (plural too), or the first sentence of its doc
 * says URL or URI.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as ts from "typescript";
import { URL_FIELDS } from "../../policies/lib/urlFields";
import { rules } from "../../policies/pack";

const ROOT = path.resolve(__dirname, "../..");
const URL_NAME = /(url|uri|endpoint|origin|callback|issuer|location|target)s?$/i;
const URL_DOC = /\b(URLs?|URIs?)\b/;

function typingFile(spec: string): { file: string; iface: string } {
    const [module, iface] = spec.split("#");
    return { file: require.resolve(module, { paths: [ROOT] }), iface };
}

/** Paths (`a.b`, `a[].b`) of URL-typed fields of the interface, through nested input types. */
function urlFieldsOf(checker: ts.TypeChecker, type: ts.Type, prefix = "", depth = 0, out: string[] = [], strings: string[] = []): string[] {
    if (depth > 6) {
        return out;
    }
    for (const prop of checker.getPropertiesOfType(type)) {
        const decl = prop.valueDeclaration ?? prop.declarations?.[0];
        if (!decl) {
            continue;
        }
        const name = `${prefix}${prop.name}`;
        // Input<T> is T | Promise<T> | OutputInstance<T>: keep the plain members.
        const parts = (t: ts.Type) => (t.isUnion() ? t.types : [t]).filter((p) => !/^(Promise|OutputInstance|Output)</.test(checker.typeToString(p)));
        const members = parts(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, decl)));
        const isString = (t: ts.Type) => (t.flags & ts.TypeFlags.StringLike) !== 0;
        const array = members.find((m) => checker.isArrayType(m));
        const elements = array ? parts(checker.getNonNullableType(checker.getTypeArguments(array as ts.TypeReference)[0])) : [];
        const holdsStrings = members.some(isString) || elements.some(isString);
        if (holdsStrings) {
            strings.push(name);
            const firstSentence = ts.displayPartsToString(prop.getDocumentationComment(checker)).split(/\.\s/)[0];
            if (URL_NAME.test(prop.name) || URL_DOC.test(firstSentence)) {
                out.push(name);
            }
            continue;
        }
        const object = members.find((m) => (m.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(m));
        if (object) {
            urlFieldsOf(checker, object, `${name}.`, depth + 1, out, strings);
        }
        const element = elements.find((m) => (m.flags & ts.TypeFlags.Object) !== 0);
        if (element) {
            urlFieldsOf(checker, element, `${name}[].`, depth + 1, out, strings);
        }
    }
    return out;
}

describe("every URL field of every judged type is read", function () {
    this.timeout(60_000);
    const typings = [...new Set(Object.values(URL_FIELDS).flatMap((f) => f.typings))];
    let derived: Map<string, string[]>;
    /** Every string field of each typings, to tell a stale entry from a field read on purpose. */
    let stringFields: Map<string, string[]>;

    before(() => {
        const files = typings.map((t) => typingFile(t).file);
        const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [] });
        const checker = program.getTypeChecker();
        stringFields = new Map();
        derived = new Map(typings.map((spec) => {
            const { file, iface } = typingFile(spec);
            const source = program.getSourceFile(file);
            assert.ok(source, `typings ${file} not found`);
            const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === iface);
            assert.ok(symbol, `${iface} is not exported by ${file}`);
            const strings: string[] = [];
            const urls = urlFieldsOf(checker, checker.getDeclaredTypeOfSymbol(symbol), "", 0, [], strings);
            stringFields.set(spec, strings);
            return [spec, urls];
        }));
    });

    it("covers exactly the type tokens the pack's resource rules judge, and names real rules for fields read elsewhere", () => {
        const judged = new Set(rules.flatMap((r) => ("types" in r ? [...r.types] : [])));
        assert.deepEqual(Object.keys(URL_FIELDS).sort(), [...judged].sort());
        const names = new Set(rules.map((r) => r.name));
        for (const fields of Object.values(URL_FIELDS)) {
            for (const rule of Object.values(fields.other)) {
                assert.ok(names.has(rule), `${rule} is not a policy of the pack`);
            }
        }
    });

    for (const [token, fields] of Object.entries(URL_FIELDS)) {
        it(`${token}: the URL-typed fields of its typings are exactly those read or excluded with a reason`, () => {
            const listed = [...fields.https, ...Object.keys(fields.other), ...Object.keys(fields.notUrls)];
            assert.equal(new Set(listed).size, listed.length, "a field is listed twice");
            for (const reason of Object.values(fields.notUrls)) {
                assert.ok(reason.length > 10, "an exclusion needs a reason");
            }
            for (const spec of fields.typings) {
                const found = derived.get(spec)!;
                assert.ok(stringFields.get(spec)!.length > 0, `no string field derived from ${spec}: wrong interface?`);
                assert.deepEqual(found.filter((f) => !listed.includes(f)).sort(), [], `URL-typed fields of ${spec} the pack does not read; read them in policies/lib/urlFields.ts or exclude them with a reason`);
                const strings = stringFields.get(spec)!;
                assert.deepEqual(listed.filter((f) => !strings.includes(f)).sort(), [], `fields listed for ${token} that ${spec} no longer has`);
            }
        });
    }

    it("would fail if a URL-typed field were added and not read (the derivation sees a new field)", () => {
        const source = "interface Args { callbacks?: string[]; nested?: { frontChannelLogoutUrl?: string; note?: string }; name?: string }";
        const host = ts.createCompilerHost({});
        const original = host.getSourceFile;
        host.getSourceFile = (file, lang) => (file === "probe.ts" ? ts.createSourceFile(file, source, lang) : original.call(host, file, lang));
        const program = ts.createProgram(["probe.ts"], { noEmit: true, types: [] }, host);
        const checker = program.getTypeChecker();
        const iface = program.getSourceFile("probe.ts")!.statements[0] as ts.InterfaceDeclaration;
        assert.deepEqual(urlFieldsOf(checker, checker.getTypeAtLocation(iface)), ["callbacks", "nested.frontChannelLogoutUrl"]);
    });
});
