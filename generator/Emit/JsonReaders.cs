using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// The C# that reads a JSON value with the runtime's readers: the JSON class's record readers and the exceptions' error
/// fields print the same expressions.
/// </summary>
internal static class JsonReaders
{
    private const string ApiJson = CSharp.ApiJson;

    private static ObjectModel ObjectOf(ClientModel model, TypeModel type) => model.ObjectNamed(type.Name);

    /// <summary>A union is read from any token, not only an object: its reader is called without the object check.</summary>
    private static bool IsUnion(ClientModel model, TypeModel type) => type.Kind == TypeKind.Object && ObjectOf(model, type).Union is not null;

    /// <summary>
    /// An expression that reads the (non-null) value the reader is on. <paramref name="memberArgument"/> is the C#
    /// expression that names the member in an error, <paramref name="member"/> its text (items add <c>[]</c>), and
    /// <paramref name="qualifier"/> what calls to the JSON class's own readers start with.
    /// </summary>
    public static string Value(ClientModel model, TypeModel type, string memberArgument, string member, string qualifier)
    {
        switch (type.Kind)
        {
            case TypeKind.Object when IsUnion(model, type):
                return $"{qualifier}{ObjectOf(model, type).ReadMethod}(ref reader)";
            case TypeKind.Object:
                return $"{ApiJson}.ReadObject(ref reader, {memberArgument}, {qualifier}{ObjectOf(model, type).ReadMethod})";
            case TypeKind.Enum or TypeKind.IntegerEnum:
                return $"{qualifier}Read{type.Name}(ref reader, {memberArgument})";
            case TypeKind.EmptyString:
                return CSharp.Runtime + ".EmptyString.Value";
            case TypeKind.Map:
            case TypeKind.List:
                var (method, items, keepNull) = CollectionRead(model, type, member, qualifier);
                return $"{ApiJson}.{method}(ref reader, {memberArgument}, {items}{keepNull})";
            default:
                return $"{ApiJson}.{ScalarReader(type)}(ref reader, {memberArgument})";
        }
    }

    /// <summary>
    /// The runtime call that moves from a member's name to its value and reads it into <paramref name="local"/>, a JSON
    /// null leaving it as it was: the same readers as <see cref="Value"/>, in their member form.
    /// </summary>
    public static string Member(ClientModel model, TypeModel type, string member, string local)
    {
        switch (type.Kind)
        {
            case TypeKind.Object when IsUnion(model, type):
                return $"{ApiJson}.ReadUnion(ref reader, {ObjectOf(model, type).ReadMethod}, ref {local})";
            case TypeKind.Object:
                return $"{ApiJson}.ReadObject(ref reader, member, {ObjectOf(model, type).ReadMethod}, ref {local})";
            case TypeKind.Enum or TypeKind.IntegerEnum:
                return $"{ApiJson}.ReadValue(ref reader, member, Read{type.Name}, ref {local})";
            case TypeKind.Map:
            case TypeKind.List:
                var (method, items, keepNull) = CollectionRead(model, type, member, "");
                return $"{ApiJson}.{method}(ref reader, member, {items}, ref {local}{keepNull})";
            default:
                return $"{ApiJson}.{ScalarReader(type)}(ref reader, member, ref {local})";
        }
    }

    /// <summary>A map's or list's runtime reader (with its type argument), its item arguments and the keepNull flag.</summary>
    private static (string Method, string Items, string KeepNull) CollectionRead(ClientModel model, TypeModel type, string member, string qualifier)
    {
        var element = type.Element!;
        var method = type.Kind == TypeKind.Map ? "ReadMap" : "ReadList";
        // Spelled out where the item reader's type is not the item's: nullable, or a collection read as its concrete type.
        var typeArgument = element.AllowsNull || element.Kind is TypeKind.Map or TypeKind.List ? $"<{CSharp.ElementTypeName(element)}>" : "";
        var item = member + "[]";
        return (method + typeArgument, $"{CSharp.Literal(item)}, {ItemReader(model, element, item, qualifier)}", element.AllowsNull ? ", keepNull: true" : "");
    }

    private static string ScalarReader(TypeModel type) =>
        "Read" + type.Kind switch { TypeKind.Json => "Element", TypeKind.Bytes => "Bytes", _ => type.Kind.ToString() };

    /// <summary>
    /// The reader of a list's items or a map's values that the runtime's collection readers take: a method (cached as a
    /// delegate by the compiler), or a static lambda for a nested collection or a nullable value item.
    /// </summary>
    public static string ItemReader(ClientModel model, TypeModel element, string member, string qualifier)
    {
        var lambda = $"static (ref {CSharp.Json}.Utf8JsonReader reader, string member) => ";
        if (element.Kind is TypeKind.Map or TypeKind.List || IsUnion(model, element))
        {
            return lambda + Value(model, element, "member", member, qualifier);
        }

        if (element.AllowsNull && element.IsValueType)
        {
            return $"{lambda}({CSharp.ElementTypeName(element)}){Value(model, element, "member", member, qualifier)}";
        }

        return element.Kind switch
        {
            TypeKind.Object => qualifier + ObjectOf(model, element).ReadMethod,
            TypeKind.Enum or TypeKind.IntegerEnum => $"{qualifier}Read{element.Name}",
            _ => $"{ApiJson}.{ScalarReader(element)}",
        };
    }
}
