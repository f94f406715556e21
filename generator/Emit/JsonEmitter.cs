using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// Reflection-free JSON: a <c>Utf8JsonReader</c> reader and a <c>Utf8JsonWriter</c> writer per type. Unknown members
/// are skipped, <c>null</c> reads as absent (unless the spec allows null), and only set members are written.
/// </summary>
internal static class JsonEmitter
{
    private const string ApiJson = CSharp.Runtime + ".ApiJson";
    private const string Token = CSharp.Json + ".JsonTokenType";

    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var records = model.Objects.Where(o => o.EmitRecord).ToList();
        var names = PropertyNameFields(records);
        var counter = new Counter();
        writer.Summary($"Reflection-free JSON reading and writing for the {model.ClientName} types; safe for trimming and native AOT.");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public static partial class {model.JsonClassName}"))
        {
            foreach (var pair in names)
            {
                writer.Line($"private static readonly {CSharp.Json}.JsonEncodedText {pair.Value} = {CSharp.Json}.JsonEncodedText.Encode({CSharp.Literal(pair.Key)});");
            }

            foreach (var type in records)
            {
                writer.Line($"private static readonly {CSharp.Runtime}.JsonValueReader<{type.Name}> s_read{type.Name} = Read{type.Name};");
                writer.Line($"private static readonly global::System.Action<{CSharp.Json}.Utf8JsonWriter, {type.Name}> s_write{type.Name} = Write;");
            }

            foreach (var type in records)
            {
                EmitRecordMethods(model, type, names, counter, writer);
            }

            foreach (var operation in model.Operations)
            {
                EmitOperationMethods(model, operation, counter, writer);
            }

            foreach (var type in model.Enums)
            {
                EmitEnumReader(model, type, writer);
            }
        }

        return true;
    }

    /// <summary>
    /// <c>Read{Enum}(ref reader, member)</c>: a known value is matched as UTF-8 and returned as its static member, so
    /// reading it allocates nothing; any other string is kept as a new value. <c>Write{Enum}(writer, name, value)</c>:
    /// a known value is written from pre-encoded text.
    /// </summary>
    private static void EmitEnumReader(ClientModel model, EnumModel type, SourceWriter writer)
    {
        writer.Line();
        if (type.IsLarge)
        {
            // One comparison per value would make reading linear in the values and compiling superlinear: the string is
            // read and wrapped (IsKnown looks it up in a set), and written as it is.
            writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>, known or not.");
            writer.Line($"internal static {type.Name} Read{type.Name}(ref {CSharp.Json}.Utf8JsonReader reader, string member) => new({ApiJson}.ReadString(ref reader, member));");
            writer.Line();
            writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/> member.");
            writer.Line($"internal static void Write{type.Name}({CSharp.Json}.Utf8JsonWriter writer, {CSharp.Json}.JsonEncodedText name, {type.Name} value) => writer.WriteString(name, value.Value);");
            return;
        }

        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>: a known value without allocating, any other string as it is.");
        using (writer.Block($"internal static {type.Name} Read{type.Name}(ref {CSharp.Json}.Utf8JsonReader reader, string member)"))
        {
            foreach (var member in type.Members)
            {
                using (writer.Block($"if ({ApiJson}.IsString(ref reader, {CSharp.Literal(member.Value)}u8))"))
                {
                    writer.Line($"return {CSharp.Qualified(model, type.Name)}.{member.Name};");
                }
            }

            writer.Line($"return new {type.Name}({ApiJson}.ReadString(ref reader, member));");
        }

        writer.Line();
        var fields = type.Members.Select(member => (member.Value, Field: $"s_value{type.Name}_{member.Name}")).ToList();
        foreach (var (value, field) in fields)
        {
            writer.Line($"private static readonly {CSharp.Json}.JsonEncodedText {field} = {CSharp.Json}.JsonEncodedText.Encode({CSharp.Literal(value)});");
        }

        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/> member: a known value from its encoded text, any other as it is.");
        using (writer.Block($"internal static void Write{type.Name}({CSharp.Json}.Utf8JsonWriter writer, {CSharp.Json}.JsonEncodedText name, {type.Name} value)"))
        {
            using (writer.Block("switch (value.Value)"))
            {
                foreach (var (value, field) in fields)
                {
                    writer.Line($"case {CSharp.Literal(value)}:");
                    writer.Line($"    writer.WriteString(name, {field});");
                    writer.Line("    break;");
                }

                writer.Line("default:");
                writer.Line($"    {ApiJson}.WriteString(writer, name, value.Value);");
                writer.Line("    break;");
            }
        }
    }

    /// <summary>The call that turns a success body (<c>utf8</c>) into the operation's result.</summary>
    public static string DeserializeCall(ClientModel model, OperationModel operation, string utf8) =>
        operation.Result!.Kind == TypeKind.Object && !operation.Result.AllowsNull
            ? $"{model.JsonClassName}.Deserialize{operation.Result.Name}({utf8})"
            : $"{model.JsonClassName}.Deserialize{operation.ResponseName}({utf8})";

    /// <summary>The call that turns a request body value into UTF-8 JSON bytes.</summary>
    public static string SerializeCall(ClientModel model, OperationModel operation, string value) =>
        operation.Body!.Type.Kind == TypeKind.Object
            ? $"{model.JsonClassName}.Serialize({value})"
            : $"{model.JsonClassName}.Serialize{operation.Name}Request({value})";

    private static void EmitRecordMethods(ClientModel model, ObjectModel type, Dictionary<string, string> names, Counter counter, SourceWriter writer)
    {
        var name = type.Name;
        writer.Line();
        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, name)}\"/> from a whole UTF-8 JSON document.");
        writer.Line($"/// <exception cref=\"{CSharp.Json}.JsonException\">The JSON is malformed or does not fit the schema; the message names the member and byte offset.</exception>");
        writer.Line($"public static {name} Deserialize{name}(global::System.ReadOnlySpan<byte> utf8Json) => {ApiJson}.Deserialize(utf8Json, s_read{name});");
        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, name)}\"/> as UTF-8 JSON; members that are not set are not written.");
        writer.Line($"public static byte[] Serialize({name} value) => {ApiJson}.Serialize(value, s_write{name});");
        writer.Line();
        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, name)}\"/> from the reader, which is on its first token.");
        using (writer.Block($"public static {name} Read{name}(ref {CSharp.Json}.Utf8JsonReader reader)"))
        {
            writer.Line($"{ApiJson}.ExpectStartObject(ref reader, {CSharp.Literal(type.SchemaName)});");
            EmitMemberLocals(type, asException: false, writer);
            writer.Line($"var member_ = {CSharp.Literal(type.SchemaName)};");
            using (writer.Block("try"))
            {
                EmitRecordReadLoop(model, type, counter, writer);
            }

            using (writer.Block($"catch ({CSharp.Json}.JsonException exception_)"))
            {
                // Malformed or truncated JSON found by the reader: say which member was being read.
                writer.Line($"throw {ApiJson}.InMember(member_, exception_);");
            }

            using (writer.Block($"return new {name}", "};"))
            {
                foreach (var property in type.Properties)
                {
                    writer.Line($"{property.Name} = {CSharp.Local(property.Name)}{MissingRequired(model, type, property)},");
                }
            }
        }

        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, name)}\"/>: set members only; a member set to null is written as null only where the spec allows null.");
        using (writer.Block($"public static void Write({CSharp.Json}.Utf8JsonWriter writer, {name} value)"))
        {
            writer.Line("writer.WriteStartObject();");
            foreach (var property in type.Properties)
            {
                EmitWriteMember(model, property, names[property.JsonName], counter, writer);
            }

            writer.Line("writer.WriteEndObject();");
        }

        EmitCollectionReaders(model, type, counter, writer);
    }

    /// <summary>The name of the method that reads a record's collection member: <c>Read{Record}_{Property}</c>.</summary>
    private static string CollectionReader(ObjectModel type, PropertyModel property) => $"Read{type.Name}_{property.Name}";

    /// <summary>One method per collection member of a record (a map or list, read whole; null items as the spec says).</summary>
    private static void EmitCollectionReaders(ClientModel model, ObjectModel type, Counter counter, SourceWriter writer)
    {
        foreach (var property in type.Properties.Where(p => p.Type.Kind is TypeKind.Map or TypeKind.List))
        {
            writer.Line();
            writer.RawSummary($"Reads the <c>{property.JsonName}</c> member of a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>; the reader is on its first token.");
            using (writer.Block($"private static {CSharp.ConcreteTypeName(property.Type)} {CollectionReader(type, property)}(ref {CSharp.Json}.Utf8JsonReader reader)"))
            {
                writer.Line($"{CSharp.ConcreteTypeName(property.Type)} result_;");
                EmitRead(model, property.Type, "result_", $"{type.SchemaName}.{property.JsonName}", counter, writer);
                writer.Line("return result_;");
            }
        }
    }

    /// <summary>
    /// The read loop of a record: a switch on the property name's UTF-8 length with one comparison per member of that
    /// length (instead of comparing the name with every member in turn); unknown members are skipped.
    /// </summary>
    private static void EmitRecordReadLoop(ClientModel model, ObjectModel type, Counter counter, SourceWriter writer)
    {
        using (writer.Block($"while (reader.Read() && reader.TokenType != {Token}.EndObject)"))
        {
            writer.Line($"var name_ = {ApiJson}.PropertyName(ref reader);");
            using (writer.Block("switch (name_.Length)"))
            {
                foreach (var property in type.Properties)
                {
                    var length = System.Text.Encoding.UTF8.GetByteCount(property.JsonName);
                    using (writer.Block($"case {length} when global::System.MemoryExtensions.SequenceEqual(name_, {CSharp.Literal(property.JsonName)}u8):"))
                    {
                        EmitMemberRead(model, type, property, asException: false, counter, writer);
                        writer.Line("break;");
                    }
                }

                using (writer.Block("default:"))
                {
                    writer.Line("reader.Read();");
                    writer.Line("reader.Skip();");
                    writer.Line("break;");
                }
            }
        }
    }

    /// <summary>
    /// What a reader does when a required member is missing: it reads as its type's empty value (<c>""</c>, 0, false,
    /// empty bytes and collections, default dates and Guid, the enum's empty value, an empty relative Uri, an
    /// undefined JsonElement, and an object as if it were <c>{}</c>), so a sparse reply still reads, as AWS's SDKs
    /// read one. A required nullable member reads as null. Only an object whose type requires itself has no empty value.
    /// </summary>
    private static string MissingRequired(ClientModel model, ObjectModel type, PropertyModel property)
    {
        if (!property.Required || property.Type.AllowsNull)
        {
            return "";
        }

        return property.Type.Kind switch
        {
            TypeKind.String => " ?? string.Empty",
            TypeKind.Bytes => " ?? global::System.Array.Empty<byte>()",
            TypeKind.Map or TypeKind.List => $" ?? new {CSharp.ConcreteTypeName(property.Type)}()",
            TypeKind.Uri => " ?? new global::System.Uri(\"\", global::System.UriKind.Relative)",
            TypeKind.Object when model.Objects.First(o => o.Name == property.Type.Name).ReadsEmpty =>
                $" ?? {ApiJson}.Deserialize(\"{{}}\"u8, s_read{property.Type.Name})",
            TypeKind.Object =>
                $" ?? throw new {CSharp.Json}.JsonException({CSharp.Literal($"{type.SchemaName}.{property.JsonName}: the required member is missing, and {property.Type.Name} requires itself, so it has no empty value.")})",
            _ => " ?? default",
        };
    }

    /// <summary>One local per member, nullable (or <c>Optional</c> where absent and null differ).</summary>
    public static void EmitMemberLocals(ObjectModel type, bool asException, SourceWriter writer)
    {
        foreach (var property in type.Properties)
        {
            var wrapped = !asException && property.IsOptionalWrapper;
            var localType = wrapped ? CSharp.PropertyTypeName(property) : CSharp.TypeName(property.Type) + "?";
            writer.Line($"{localType} {CSharp.Local(property.Name)} = default;");
        }
    }

    /// <summary>Reads one member's value into its local; the reader is on the member's name.</summary>
    private static void EmitMemberRead(ClientModel model, ObjectModel type, PropertyModel property, bool asException, Counter counter, SourceWriter writer)
    {
        var local = CSharp.Local(property.Name);
        if (!asException)
        {
            writer.Line($"member_ = {CSharp.Literal(type.SchemaName + "." + property.JsonName)};");
        }

        writer.Line("reader.Read();");
        using (writer.Block($"if (reader.TokenType != {Token}.Null)"))
        {
            if (!asException && property.Type.Kind is TypeKind.Map or TypeKind.List)
            {
                // Collections are read by a method of their own (EmitCollectionReaders): the record's reader stays small.
                writer.Line($"{local} = {model.JsonClassName}.{CollectionReader(type, property)}(ref reader);");
            }
            else
            {
                EmitRead(model, property.Type, local, $"{type.SchemaName}.{property.JsonName}", counter, writer);
            }
        }

        if (!asException && property.IsOptionalWrapper)
        {
            using (writer.Block("else"))
            {
                writer.Line($"{local} = new {CSharp.PropertyTypeName(property)}(null);");
            }
        }

        if (!asException)
        {
            // The value is read: a syntax error from here on (a missing comma, a trailing one) belongs to the object.
            writer.Line($"member_ = {CSharp.Literal(type.SchemaName)};");
        }
    }

    /// <summary>Reads the value the reader is on (not null) into <paramref name="target"/>.</summary>
    internal static void EmitRead(ClientModel model, TypeModel type, string target, string member, Counter counter, SourceWriter writer)
    {
        var memberLiteral = CSharp.Literal(member);
        switch (type.Kind)
        {
            case TypeKind.Enum:
                writer.Line($"{target} = {model.JsonClassName}.Read{type.Name}(ref reader, {memberLiteral});");
                break;
            case TypeKind.Object:
                // Checked here too, so a wrong token names the member rather than only the nested type.
                writer.Line($"{ApiJson}.ExpectStartObject(ref reader, {memberLiteral});");
                writer.Line($"{target} = {model.JsonClassName}.Read{type.Name}(ref reader);");
                break;
            case TypeKind.Map:
                EmitReadCollection(model, type, target, member, counter, writer, "ExpectStartObject", "EndObject");
                break;
            case TypeKind.List:
                EmitReadCollection(model, type, target, member, counter, writer, "ExpectStartArray", "EndArray");
                break;
            default:
                writer.Line($"{target} = {ApiJson}.Read{type.Kind switch { TypeKind.Json => "Element", TypeKind.Bytes => "Bytes", _ => type.Kind.ToString() }}(ref reader, {memberLiteral});");
                break;
        }
    }

    private static void EmitReadCollection(ClientModel model, TypeModel type, string target, string member, Counter counter, SourceWriter writer, string expect, string end)
    {
        var n = counter.Next();
        var element = type.Element!;
        var isMap = type.Kind == TypeKind.Map;
        var collection = (isMap ? "map" : "list") + n;
        var item = "item" + n;
        var key = "key" + n;
        writer.Line($"{ApiJson}.{expect}(ref reader, {CSharp.Literal(member)});");
        writer.Line($"var {collection} = new {CSharp.ConcreteTypeName(type)}({(isMap ? "global::System.StringComparer.Ordinal" : "")});");
        using (writer.Block($"while (reader.Read() && reader.TokenType != {Token}.{end})"))
        {
            if (isMap)
            {
                writer.Line($"var {key} = {ApiJson}.ReadPropertyName(ref reader, {CSharp.Literal(member)});");
                writer.Line("reader.Read();");
            }

            using (writer.Block($"if (reader.TokenType == {Token}.Null)"))
            {
                if (element.AllowsNull)
                {
                    writer.Line(isMap ? $"{collection}[{key}] = null;" : $"{collection}.Add(null);");
                    writer.Line("continue;");
                }
                else if (isMap)
                {
                    // A null map value reads as absent, like a null member.
                    writer.Line("continue;");
                }
                else
                {
                    writer.Line($"throw {ApiJson}.Unexpected(ref reader, {CSharp.Literal(member + "[]")}, \"a value\");");
                }
            }

            writer.Line($"{CSharp.TypeName(element)} {item};");
            EmitRead(model, element, item, member + "[]", counter, writer);
            writer.Line(isMap ? $"{collection}[{key}] = {item};" : $"{collection}.Add({item});");
        }

        writer.Line($"{target} = {collection};");
    }

    private static void EmitWriteMember(ClientModel model, PropertyModel property, string nameField, Counter counter, SourceWriter writer)
    {
        var access = "value." + property.Name;
        var local = CSharp.Local(property.Name);
        if (property.IsOptionalWrapper)
        {
            using (writer.Block($"if ({access}.HasValue)"))
            {
                EmitWriteNullable($"{access}.Value", local, nameField, model, property, counter, writer);
            }
        }
        else if (property.Required && property.Type.AllowsNull)
        {
            EmitWriteNullable(access, local, nameField, model, property, counter, writer);
        }
        else if (property.Required && property.Type.IsValueType)
        {
            EmitWriteProperty(model, property.Type, nameField, access, counter, writer);
        }
        else
        {
            using (writer.Block($"if ({access} is {{ }} {local})"))
            {
                EmitWriteProperty(model, property.Type, nameField, local, counter, writer);
            }
        }
    }

    /// <summary>Writes a member's name and (non-null) value; scalars in one writer call.</summary>
    private static void EmitWriteProperty(ClientModel model, TypeModel type, string nameField, string expression, Counter counter, SourceWriter writer)
    {
        var call = type.Kind switch
        {
            TypeKind.String => $"{ApiJson}.WriteString(writer, {nameField}, {expression});",
            TypeKind.DateTimeOffset or TypeKind.Guid => $"writer.WriteString({nameField}, {expression});",
            TypeKind.Enum => $"{model.JsonClassName}.Write{type.Name}(writer, {nameField}, {expression});",
            TypeKind.Boolean => $"writer.WriteBoolean({nameField}, {expression});",
            TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Single => $"writer.WriteNumber({nameField}, {expression});",
            _ => null,
        };
        if (call is not null)
        {
            writer.Line(call);
            return;
        }

        if (type.Kind == TypeKind.Map)
        {
            writer.Line($"writer.WriteStartObject({nameField});");
            EmitWriteEntries(model, type, expression, counter, writer);
            return;
        }

        writer.Line($"writer.WritePropertyName({nameField});");
        EmitWrite(model, type, expression, counter, writer);
    }

    private static void EmitWriteNullable(string access, string local, string nameField, ClientModel model, PropertyModel property, Counter counter, SourceWriter writer)
    {
        using (writer.Block($"if ({access} is {{ }} {local})"))
        {
            EmitWriteProperty(model, property.Type, nameField, local, counter, writer);
        }

        using (writer.Block("else"))
        {
            writer.Line($"writer.WriteNull({nameField});");
        }
    }

    /// <summary>Writes the (non-null) value of <paramref name="expression"/>.</summary>
    private static void EmitWrite(ClientModel model, TypeModel type, string expression, Counter counter, SourceWriter writer)
    {
        switch (type.Kind)
        {
            case TypeKind.String:
                writer.Line($"{ApiJson}.WriteStringValue(writer, {expression});");
                break;
            case TypeKind.DateTimeOffset:
            case TypeKind.Guid:
                writer.Line($"writer.WriteStringValue({expression});");
                break;
            case TypeKind.Enum:
                writer.Line($"{ApiJson}.WriteStringValue(writer, {expression}.Value);");
                break;
            case TypeKind.Uri:
                writer.Line($"{ApiJson}.WriteStringValue(writer, {expression}.OriginalString);");
                break;
            case TypeKind.DateOnly:
                writer.Line($"{ApiJson}.WriteDateOnly(writer, {expression});");
                break;
            case TypeKind.Bytes:
                writer.Line($"writer.WriteBase64StringValue({expression});");
                break;
            case TypeKind.Boolean:
                writer.Line($"writer.WriteBooleanValue({expression});");
                break;
            case TypeKind.Int32:
            case TypeKind.Int64:
            case TypeKind.Double:
            case TypeKind.Single:
                writer.Line($"writer.WriteNumberValue({expression});");
                break;
            case TypeKind.Object:
                writer.Line($"{model.JsonClassName}.Write(writer, {expression});");
                break;
            case TypeKind.Map:
                writer.Line("writer.WriteStartObject();");
                EmitWriteEntries(model, type, expression, counter, writer);
                break;

            case TypeKind.List:
            {
                var n = counter.Next();
                writer.Line($"var list{n} = {expression};");
                writer.Line("writer.WriteStartArray();");
                using (writer.Block($"for (var i{n} = 0; i{n} < list{n}.Count; i{n}++)"))
                {
                    EmitWriteElement(model, type.Element!, $"list{n}[i{n}]", counter, writer);
                }

                writer.Line("writer.WriteEndArray();");
                break;
            }

            default:
                writer.Line($"{expression}.WriteTo(writer);");
                break;
        }
    }

    /// <summary>
    /// A map's entries and its closing brace (the caller writes the opening one). A Dictionary (what readers build, and
    /// what users mostly pass) is enumerated without boxing its enumerator.
    /// </summary>
    private static void EmitWriteEntries(ClientModel model, TypeModel type, string expression, Counter counter, SourceWriter writer)
    {
        var n = counter.Next();
        var entry = "entry" + n;
        var dictionary = "dictionary" + n;
        using (writer.Block($"if ({expression} is {CSharp.ConcreteTypeName(type)} {dictionary})"))
        {
            using (writer.Block($"foreach (var {entry} in {dictionary})"))
            {
                EmitWriteEntry(model, type.Element!, entry, counter, writer);
            }
        }

        using (writer.Block("else"))
        {
            using (writer.Block($"foreach (var {entry} in {expression})"))
            {
                EmitWriteEntry(model, type.Element!, entry, counter, writer);
            }
        }

        writer.Line("writer.WriteEndObject();");
    }

    /// <summary>One map entry: its key, then its value (null when it is null).</summary>
    private static void EmitWriteEntry(ClientModel model, TypeModel element, string entry, Counter counter, SourceWriter writer)
    {
        if (element.Kind == TypeKind.String)
        {
            // WriteString writes null for a null value, as the general case below does.
            writer.Line($"{ApiJson}.WriteString(writer, {entry}.Key, {entry}.Value);");
            return;
        }

        writer.Line($"{ApiJson}.WritePropertyName(writer, {entry}.Key);");
        EmitWriteElement(model, element, $"{entry}.Value", counter, writer);
    }

    private static void EmitWriteElement(ClientModel model, TypeModel element, string expression, Counter counter, SourceWriter writer)
    {
        if (!element.AllowsNull && element.IsValueType)
        {
            EmitWrite(model, element, expression, counter, writer);
            return;
        }

        // Non-nullable elements can still be null at run time (null! or a hand-made collection): write null, never throw.
        var value = "value" + counter.Next();
        using (writer.Block($"if ({expression} is {{ }} {value})"))
        {
            EmitWrite(model, element, value, counter, writer);
        }

        using (writer.Block("else"))
        {
            writer.Line("writer.WriteNullValue();");
        }
    }

    private static void EmitOperationMethods(ClientModel model, OperationModel operation, Counter counter, SourceWriter writer)
    {
        if (operation.Result is { } result && !(result.Kind == TypeKind.Object && !result.AllowsNull))
        {
            var type = CSharp.ElementTypeName(result);
            writer.Line();
            writer.Line($"private static readonly {CSharp.Runtime}.JsonValueReader<{type}> s_read{operation.ResponseName} = Read{operation.ResponseName};");
            writer.Line();
            writer.Line($"internal static {type} Deserialize{operation.ResponseName}(global::System.ReadOnlySpan<byte> utf8Json) => {ApiJson}.Deserialize(utf8Json, s_read{operation.ResponseName});");
            writer.Line();
            using (writer.Block($"private static {type} Read{operation.ResponseName}(ref {CSharp.Json}.Utf8JsonReader reader)"))
            {
                if (result.AllowsNull)
                {
                    using (writer.Block($"if (reader.TokenType == {Token}.Null)"))
                    {
                        writer.Line("return null;");
                    }
                }
                else
                {
                    using (writer.Block($"if (reader.TokenType == {Token}.Null)"))
                    {
                        writer.Line($"throw {ApiJson}.Unexpected(ref reader, {CSharp.Literal(operation.Name + " response")}, \"a value\");");
                    }
                }

                writer.Line($"{CSharp.TypeName(result)} result;");
                EmitRead(model, result, "result", operation.Name + " response", counter, writer);
                writer.Line("return result;");
            }
        }

        if (operation.Body is { } body && body.Type.Kind != TypeKind.Object)
        {
            var type = CSharp.TypeName(body.Type);
            writer.Line();
            using (writer.Block($"internal static byte[] Serialize{operation.Name}Request({type} body)"))
            {
                writer.Line($"return {ApiJson}.Serialize(body, static (writer, value) =>");
                writer.Line("{");
                EmitWrite(model, body.Type, "value", counter, writer);
                writer.Line("});");
            }
        }
    }

    /// <summary>One <c>JsonEncodedText</c> field per distinct member name, so writers never re-encode names.</summary>
    private static Dictionary<string, string> PropertyNameFields(IEnumerable<ObjectModel> records)
    {
        var fields = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var property in records.SelectMany(r => r.Properties))
        {
            if (fields.ContainsKey(property.JsonName))
            {
                continue;
            }

            var field = "s_name" + Names.Pascal(property.JsonName);
            for (var i = 2; !used.Add(field); i++)
            {
                field = "s_name" + Names.Pascal(property.JsonName) + i;
            }

            fields[property.JsonName] = field;
        }

        return fields;
    }
}

/// <summary>Numbers generated locals so nested collections never reuse a name.</summary>
internal sealed class Counter
{
    private int _next;

    public int Next() => ++_next;
}
