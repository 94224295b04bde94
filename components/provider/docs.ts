/**
 * The schema's descriptions come from the TypeScript components' own JSDoc, so other languages
 * read what TypeScript users read and the two cannot drift apart. ComponentProvider keeps only
 * the main text of a comment (it drops `@default`, `@example`, `@see`); here the tags are written
 * out as sentences, because "defaults stated in the text" is all a Python or Go user gets.
 *
 * The sources are parsed, not type-checked: a few milliseconds for every component file.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The documentation of one member (or declaration): main text plus its tags as sentences. */
export interface MemberDoc {
    text: string;
    optional: boolean;
    /** Declared as `pulumi.Input<...>` (not plain). */
    input: boolean;
}

/** Interfaces, classes and type aliases of the component sources, by name. */
export interface SourceDocs {
    /** Members of an interface or class, inherited interface members included. */
    members(declaration: string): Map<string, MemberDoc> | undefined;
    /** The comment of a declaration itself. */
    declaration(name: string): string | undefined;
}

interface Declaration {
    doc?: string;
    members: Map<string, MemberDoc>;
    heritage: string[];
}

/**
 * Schema types whose TypeScript declaration is not `<Type>Args` although one of that name exists
 * (`IdentityProviderArgs` is what resolves an `IdentityProvider`, not its shape).
 */
const DECLARED_AS: Readonly<Record<string, string>> = {
    IdentityProvider: "IdentityProvider",
    IdentityProviderSettings: "IdentityProviderArgs",
};

/** The TypeScript interface a schema object type mirrors: `<Type>Args` when it exists, else `<Type>`. */
export function typeScriptDeclaration(type: string, docs: SourceDocs): string {
    return DECLARED_AS[type] ?? (docs.members(`${type}Args`) ? `${type}Args` : type);
}

/** Reads every source file below `dir`; below `components/`, the provider's own are left out. */
export function readSourceDocs(dir: string): SourceDocs {
    const declarations = new Map<string, Declaration>();
    // `as const` value sets carry their comment on the object, not on the type of the same name.
    const constants = new Map<string, string>();
    for (const file of sourceFiles(dir, path.basename(dir) === "components")) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        source.forEachChild((node) => {
            if (ts.isVariableStatement(node) && isExported(node)) {
                const doc = jsDocText(node);
                for (const declaration of node.declarationList.declarations) {
                    if (doc && ts.isIdentifier(declaration.name)) {
                        constants.set(declaration.name.text, doc);
                    }
                }
            }
            if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name && isExported(node)) {
                const name = node.name.text;
                if (declarations.has(name)) {
                    // Two exported declarations of one name would make the schema's text depend on file order.
                    throw new Error(`edge-auth schema docs: ${name} is declared twice (${file})`);
                }
                declarations.set(name, {
                    doc: jsDocText(node),
                    members: ts.isTypeAliasDeclaration(node) ? new Map() : memberDocs(node),
                    heritage: ts.isTypeAliasDeclaration(node) ? [] : heritageNames(node),
                });
            }
        });
    }
    const members = (name: string, seen = new Set<string>()): Map<string, MemberDoc> | undefined => {
        const declaration = declarations.get(name);
        if (!declaration || seen.has(name)) {
            return undefined;
        }
        seen.add(name);
        const all = new Map<string, MemberDoc>();
        for (const parent of declaration.heritage) {
            for (const [key, doc] of members(parent, seen) ?? []) {
                all.set(key, doc);
            }
        }
        for (const [key, doc] of declaration.members) {
            // A member redeclared without a comment (to narrow its type) keeps the inherited text.
            all.set(key, doc.text || !all.has(key) ? doc : { ...doc, text: all.get(key)!.text });
        }
        return all;
    };
    return { members: (name) => members(name), declaration: (name) => declarations.get(name)?.doc ?? constants.get(name) };
}

function sourceFiles(dir: string, skipProvider: boolean): string[] {
    const files: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (!(skipProvider && entry.name === "provider") && entry.name !== "node_modules") {
                files.push(...sourceFiles(full, false));
            }
        } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
            files.push(full);
        }
    }
    return files.sort();
}

function isExported(node: ts.Node): boolean {
    return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

function heritageNames(node: ts.InterfaceDeclaration | ts.ClassDeclaration): string[] {
    return (node.heritageClauses ?? [])
        .filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
        .flatMap((clause) => clause.types.map((t) => t.expression.getText()));
}

function memberDocs(node: ts.InterfaceDeclaration | ts.ClassDeclaration): Map<string, MemberDoc> {
    const docs = new Map<string, MemberDoc>();
    for (const member of node.members) {
        if ((ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) && member.name && ts.isIdentifier(member.name)) {
            const isPrivate = ts.isPropertyDeclaration(member) &&
                (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
            if (!isPrivate) {
                docs.set(member.name.text, {
                    text: jsDocText(member) ?? "",
                    optional: member.questionToken !== undefined,
                    input: member.type?.getText().startsWith("pulumi.Input<") ?? false,
                });
            }
        }
    }
    return docs;
}

/**
 * The comment's text followed by its tags written out: `@default "RS256"` becomes
 * `Default: "RS256".`, CDK's `@default - the component name` becomes `Default: the component name.`
 */
function jsDocText(node: ts.Node): string | undefined {
    const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    if (docs.length === 0) {
        return undefined;
    }
    const doc = docs[docs.length - 1];
    const parts: string[] = [];
    const main = ts.getTextOfJSDocComment(doc.comment)?.trim();
    if (main) {
        parts.push(main);
    }
    for (const tag of doc.tags ?? []) {
        const value = (ts.getTextOfJSDocComment(tag.comment) ?? "").trim();
        const name = tag.tagName.text;
        if (name === "default" && value) {
            parts.push(`Default: ${sentence(value.replace(/^-\s*/, ""))}`);
        } else if (name === "see" && value) {
            parts.push(`See ${sentence(value)}`);
        } else if (name === "example" && value && !value.includes("\n")) {
            // Single-line examples are values (`"urn:colors-api"`); longer ones are TypeScript code.
            parts.push(`Example: \`${value}\``);
        }
    }
    return parts.length > 0 ? parts.join("\n\n") : undefined;
}

function sentence(text: string): string {
    return /[.!?)]$/.test(text) || /^https?:\/\//.test(text) ? text : `${text}.`;
}
