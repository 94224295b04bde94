/**
 * One pass over the stack's resources, so stack policies look things up by key instead of
 * scanning every resource for every resource (linear in stack size).
 */
import { classicKey, classicProps, judgedAs } from "./native";
import { asList, asObject, isUnknown, plainProps, Props } from "./plain";
import { AUTH0_CUSTOM_DOMAIN, AUTH0_PROVIDER, AUTH0_RESOURCE_SERVER, AUTH0_SCOPE, AUTH0_SCOPES } from "./types";

/** What a stack policy receives per resource (a subset of @pulumi/policy's PolicyResource). */
export interface StackInput {
    type: string;
    urn: string;
    name: string;
    props: Record<string, any>;
    provider?: { type: string; props: Record<string, any> };
    propertyDependencies?: Record<string, ReadonlyArray<{ urn: string }>>;
}

export class StackResource {
    private copied?: Props;
    private providerCopied?: Props;

    constructor(private readonly input: StackInput) {}

    /** The type rules judge it as: aws-native resources as their classic equivalents (lib/native.ts). */
    get type(): string {
        return judgedAs(this.input.type);
    }
    get urn(): string {
        return this.input.urn;
    }
    get name(): string {
        return this.input.name;
    }
    /** Plain properties (outputs, for analyzeStack), copied on first use. */
    get props(): Props {
        return (this.copied ??= classicProps(this.input.type, plainProps(this.input.props)));
    }
    /** Plain properties of the resource's provider, `{}` when none was passed. */
    get providerProps(): Props {
        return (this.providerCopied ??= plainProps(this.input.provider?.props ?? {}));
    }
    /** URNs of the resources the property `key` was computed from. */
    dependencies(key: string): string[] {
        const deps = this.input.propertyDependencies ?? {};
        const native = Object.keys(deps).find((k) => classicKey(this.input.type, k) === key && k !== key);
        return (deps[native ?? key] ?? []).map((d) => d.urn);
    }
}

/** An Auth0 API (resource server) of the stack and the scopes declared for it. */
export interface StackApi {
    server?: StackResource;
    scopes: Set<string>;
    /** A scope list that is unknown during preview. */
    scopesUnknown: boolean;
}

export class StackIndex {
    private readonly byType = new Map<string, StackResource[]>();
    private readonly byUrnMap = new Map<string, StackResource>();
    private readonly outputIndexes = new Map<string, Map<string, StackResource>>();
    private apisCache?: Map<string, StackApi>;
    private issuersCache?: Set<string>;

    constructor(resources: Iterable<StackInput>) {
        for (const input of resources) {
            const resource = new StackResource(input);
            this.byUrnMap.set(resource.urn, resource);
            let list = this.byType.get(resource.type);
            if (!list) {
                this.byType.set(resource.type, (list = []));
            }
            list.push(resource);
        }
    }

    ofType(types: string | ReadonlySet<string>): StackResource[] {
        if (typeof types === "string") {
            return this.byType.get(types) ?? [];
        }
        return [...types].flatMap((t) => this.byType.get(t) ?? []);
    }

    /** Every resource of the stack, in the order the engine sent them. */
    all(): StackResource[] {
        return [...this.byUrnMap.values()];
    }

    byUrn(urn: string): StackResource | undefined {
        return this.byUrnMap.get(urn);
    }

    /** The first resource of one of `types` that property `key` of `resource` depends on. */
    dependency(resource: StackResource, key: string, types: string | ReadonlySet<string>): StackResource | undefined {
        const wanted = typeof types === "string" ? new Set([types]) : types;
        for (const urn of resource.dependencies(key)) {
            const found = this.byUrnMap.get(urn);
            if (found && wanted.has(found.type)) {
                return found;
            }
        }
        return undefined;
    }

    /** The resource of `types` whose (output) property `prop` equals `value`; indexed on first use. */
    findByProp(types: ReadonlySet<string> | string, prop: string, value: string): StackResource | undefined {
        const key = `${[...(typeof types === "string" ? [types] : types)].join(",")}#${prop}`;
        let index = this.outputIndexes.get(key);
        if (!index) {
            index = new Map();
            for (const r of this.ofType(types)) {
                const v = r.props[prop];
                if (typeof v === "string") {
                    index.set(v, r);
                }
            }
            this.outputIndexes.set(key, index);
        }
        return index.get(value);
    }

    /** Auth0 APIs by identifier, with the scopes declared on them by either scopes resource. */
    apis(): Map<string, StackApi> {
        if (this.apisCache) {
            return this.apisCache;
        }
        const apis = new Map<string, StackApi>();
        const api = (identifier: string): StackApi => {
            let found = apis.get(identifier);
            if (!found) {
                apis.set(identifier, (found = { scopes: new Set(), scopesUnknown: false }));
            }
            return found;
        };
        for (const server of this.ofType(AUTH0_RESOURCE_SERVER)) {
            const id = server.props.identifier;
            if (typeof id === "string") {
                api(id).server = server;
            }
        }
        for (const owner of this.ofType(AUTH0_SCOPES)) {
            const id = owner.props.resourceServerIdentifier;
            if (typeof id !== "string") {
                continue;
            }
            const scopes = asList(owner.props.scopes);
            if (isUnknown(scopes)) {
                api(id).scopesUnknown = true;
                continue;
            }
            for (const scope of scopes) {
                const name = asObject(scope)?.name;
                if (typeof name === "string") {
                    api(id).scopes.add(name);
                } else if (isUnknown(name)) {
                    api(id).scopesUnknown = true;
                }
            }
        }
        for (const single of this.ofType(AUTH0_SCOPE)) {
            const id = single.props.resourceServerIdentifier;
            const scope = single.props.scope;
            if (typeof id === "string" && typeof scope === "string") {
                api(id).scopes.add(scope);
            } else if (typeof id === "string" && isUnknown(scope)) {
                api(id).scopesUnknown = true;
            }
        }
        return (this.apisCache = apis);
    }

    /**
     * Issuers of the Auth0 tenants this stack manages, `https://<domain>/`: the domain of every
     * auth0 provider (explicit providers, and the provider each auth0 resource was created
     * with, which for default providers is the stack's `auth0:domain` config), plus every
     * Auth0 custom domain in the stack.
     */
    tenantIssuers(): Set<string> {
        if (this.issuersCache) {
            return this.issuersCache;
        }
        const domains = new Set<string>();
        const add = (value: unknown) => {
            if (typeof value === "string" && value.length > 0) {
                domains.add(value.toLowerCase().replace(/^https:\/\//, "").replace(/\/+$/, ""));
            }
        };
        for (const provider of this.ofType(AUTH0_PROVIDER)) {
            add(provider.props.domain);
        }
        for (const [type, list] of this.byType) {
            if (type.startsWith("auth0:")) {
                for (const r of list) {
                    add(r.providerProps.domain);
                }
            }
        }
        for (const custom of this.ofType(AUTH0_CUSTOM_DOMAIN)) {
            add(custom.props.domain);
        }
        return (this.issuersCache = new Set([...domains].map((d) => `https://${d}/`)));
    }
}
