import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { refuseReservedWireKeys } from "../components/provider/wire";
const roleGates = JSON.parse('{"__proto__": {"clientId": "abc", "roles": ["admin"]}, "ops": {"clientId": "def", "roles": ["ops"]}}');
const s = Struct.fromJavaScript({ roleGates } as any);
console.log(JSON.stringify(s.toJavaScript()), s.getFieldsMap().get("roleGates")!.getStructValue()!.getFieldsMap().getEntryList().map((e: any) => e[0]));
try { refuseReservedWireKeys("X", s); console.log("no error"); } catch (e) { console.log((e as Error).message); }
