/**
 * What the installed provider SDKs (@pulumi/aws, @pulumi/auth0) say about a resource's input
 * properties, read from their typings with the TypeScript parser: the `<Resource>Args` interface
 * and each property's doc comment. The bridged docs carry the provider's own wording ("If
 * omitted, this provider will assign a random, unique name", "Changing this forces a new
 * resource", "Cannot be changed once set"), so which inputs are names is derived, not listed.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const cache = new Map<string, Map<string, string> | undefined>();

/** `aws:cloudwatch/logGroup:LogGroup` → node_modules/@pulumi/aws/cloudwatch/logGroup.d.ts and `LogGroupArgs`. */
function typingsOf(type: string): { file: string; iface: string } | undefined {
    const m = /^(aws|auth0):([^/:]+)\/([^:]+):(\w+)$/.exec(type);
    if (!m) {
        return undefined;
    }
    const [, pkg, module, file, resource] = m;
    const dir = module === "index" ? "" : module;
    return { file: path.join(ROOT, "node_modules", "@pulumi", pkg, dir, `${file}.d.ts`), iface: `${resource}Args` };
}

/** The input properties of a resource type with their doc comments; undefined when no typings are found. */
export function inputProperties(type: string): Map<string, string> | undefined {
    if (cache.has(type)) {
        return cache.get(type);
    }
    const where = typingsOf(type);
    let result: Map<string, string> | undefined;
    if (where && fs.existsSync(where.file)) {
        const source = ts.createSourceFile(where.file, fs.readFileSync(where.file, "utf8"), ts.ScriptTarget.Latest, true);
        source.forEachChild((node) => {
            if (ts.isInterfaceDeclaration(node) && node.name.text === where.iface) {
                result = new Map();
                for (const member of node.members) {
                    if (ts.isPropertySignature(member) && member.name && ts.isIdentifier(member.name)) {
                        const docs = ((member as any).jsDoc ?? []) as ts.JSDoc[];
                        result.set(member.name.text, docs.map((d) => (typeof d.comment === "string" ? d.comment : "")).join("\n"));
                    }
                }
            }
        });
    }
    cache.set(type, result);
    return result;
}

/** Doc wording the bridged providers use for a name, or for a value fixed at creation. */
const NAME_DOC = /random, unique name|forces a new resource|creates a new resource|cannot be changed/i;
/** Property names that are names by their form: `name`, `namePrefix`, `stageName`, `functionName`, ... */
const NAME_KEY = /^(name|namePrefix|identifier|statementId|statementIdPrefix)$|[a-z](Name|NamePrefix)$/;

/**
 * Whether an input of a resource type is a name (or another identity fixed at creation) by the
 * provider's typings: its form, or its doc.
 */
export function isNameLike(type: string, property: string): boolean {
    const props = inputProperties(type);
    if (!props?.has(property)) {
        return false;
    }
    return NAME_KEY.test(property) || NAME_DOC.test(props.get(property) ?? "");
}
