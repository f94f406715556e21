using System.Linq;
using System.Text;
using System.Text.Json;
using Contoso.Pets;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>
/// oneOf/anyOf from tests/specs/features/unions.yaml: a discriminated union, unions told apart by the JSON token and
/// by the object's shape, nullable single variants, const enums, and values no variant takes kept as they came.
/// </summary>
public class UnionTests
{
    private static Owner ReadOwner(string json) => PetsJson.DeserializeOwner(Encoding.UTF8.GetBytes(json));

    private static string Json(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    [Fact]
    public void The_discriminator_names_the_variant()
    {
        var cat = PetsJson.DeserializePet("""{"name":"Tom","petType":"cat","indoor":true}"""u8);
        Assert.Equal("Tom", cat.Cat!.Name);
        Assert.True(cat.Cat.Indoor);
        Assert.Null(cat.Dog);

        var dog = PetsJson.DeserializePet("""{"petType":"dog","name":"Rex","breed":"collie"}"""u8);
        Assert.Equal("collie", dog.Dog!.Breed);
        Assert.Null(dog.Cat);
    }

    [Fact]
    public void A_variant_listed_twice_is_one_member_chosen_by_each_of_its_values()
    {
        var hound = PetsJson.DeserializePet("""{"petType":"hound","name":"Rex"}"""u8);
        Assert.Equal("Rex", hound.Dog!.Name);
        Assert.Single(typeof(Pet).GetProperties(), p => p.PropertyType == typeof(Dog));
    }

    [Fact]
    public void An_unknown_discriminator_value_is_kept_and_sent_back_unchanged()
    {
        const string parrot = """{"petType":"parrot","name":"Polly","words":["hello"]}""";
        var pet = PetsJson.DeserializePet(Encoding.UTF8.GetBytes(parrot));
        Assert.Null(pet.Cat);
        Assert.Null(pet.Dog);
        Assert.Equal("parrot", pet.Unknown!.Value.GetProperty("petType").GetString());
        Assert.Equal(parrot, Json(PetsJson.Serialize(pet)));
    }

    [Fact]
    public void A_variant_converts_to_its_union_and_is_written_as_itself()
    {
        Pet pet = new Cat { PetType = "cat", Name = "Tom" };
        Assert.Equal("""{"petType":"cat","name":"Tom"}""", Json(PetsJson.Serialize(pet)));
        Assert.Equal(pet, PetsJson.DeserializePet(PetsJson.Serialize(pet)));
    }

    [Fact]
    public void An_expandable_member_reads_an_id_or_the_object()
    {
        Assert.Equal("addr_1", ReadOwner("""{"name":"Ann","home":"addr_1"}""").Home!.String);
        var expanded = ReadOwner("""{"name":"Ann","home":{"object":"address","city":"Oslo"}}""").Home!;
        Assert.Null(expanded.String);
        Assert.Equal("Oslo", expanded.Address!.City);
    }

    [Theory]
    [InlineData("""{"object":"address","city":"Oslo"}""", "address")]
    [InlineData("""{"object":"card","last4":"4242"}""", "card")]
    [InlineData("""{"object":"card","last4":"4242","city":"Oslo"}""", "card")] // Address's required members, but not its 'object'
    [InlineData("""{"last4":"4242","city":"Oslo"}""", "unknown")] // neither's required 'object'

    [InlineData("""{"city":"Oslo","object":"address","zip":"0150"}""", "address")] // unknown members do not matter
    public void Objects_without_a_discriminator_are_told_apart_by_their_shape(string payment, string expected)
    {
        var owner = ReadOwner($$"""{"name":"Ann","payment":{{payment}}}""");
        Assert.Equal(expected, owner.Payment!.Address is not null ? "address" : owner.Payment.Card is not null ? "card" : "unknown");
    }

    [Fact]
    public void An_object_that_fits_no_variant_is_kept()
    {
        var owner = ReadOwner("""{"name":"Ann","payment":{"object":"bank_account","iban":"NO93"}}""");
        Assert.Null(owner.Payment!.Address);
        Assert.Null(owner.Payment.Card);
        Assert.Equal("bank_account", owner.Payment.Unknown!.Value.GetProperty("object").GetString());
        Assert.Contains("\"payment\":{\"object\":\"bank_account\",\"iban\":\"NO93\"}", Json(PetsJson.Serialize(owner)));
    }

    [Fact]
    public void The_json_token_chooses_between_scalar_and_list_variants()
    {
        var owner = ReadOwner("""{"name":"Ann","age":42,"tags":["a","b"],"since":"2024-01-15T10:00:00Z"}""");
        Assert.Equal(42, owner.Age!.Integer);
        Assert.Equal(["a", "b"], owner.Tags!.List!);
        Assert.Equal(new System.DateTimeOffset(2024, 1, 15, 10, 0, 0, System.TimeSpan.Zero), owner.Since!.DateTime);

        var other = ReadOwner("""{"name":"Ann","age":"forty","tags":"a,b","since":"last spring"}""");
        Assert.Equal("forty", other.Age!.String);
        Assert.Equal("a,b", other.Tags!.String);
        Assert.Null(other.Since!.DateTime);
        Assert.Equal("last spring", other.Since.String);

        var odd = ReadOwner("""{"name":"Ann","age":4.5}""");
        Assert.Null(odd.Age!.Integer);
        Assert.Equal(4.5, odd.Age.Unknown!.Value.GetDouble());
    }

    [Fact]
    public void A_single_variant_beside_null_is_that_variant_nullable()
    {
        var owner = ReadOwner("""{"name":"Ann","nickname":null,"favourite":{"petType":"dog","name":"Rex"}}""");
        Assert.True(owner.Nickname.HasValue); // sent as null: absent and null differ
        Assert.Null(owner.Nickname.Value);
        Assert.Equal("Rex", owner.Favourite.Value!.Dog!.Name);
        Assert.Equal("""{"name":"Ann","nickname":null}""", Json(PetsJson.Serialize(new Owner { Name = "Ann", Nickname = new(null) })));
    }

    [Fact]
    public void Constants_are_an_enum()
    {
        var owner = ReadOwner("""{"name":"Ann","level":"loud","mood":"grumpy"}""");
        Assert.Equal(Level.Loud, owner.Level);
        Assert.Equal(OwnerMood.Grumpy, owner.Mood);
        Assert.Equal(["quiet", "loud"], Level.KnownValues.Select(level => level.Value));
    }

    [Fact]
    public void A_union_in_a_request_is_checked_as_the_variant_that_is_set()
    {
        Pet pet = new Dog { PetType = "dog", Name = "" };
        var result = PetsValidation.Validate(pet);
        Assert.False(result.IsValid);
        Assert.Equal("name", Assert.Single(result.Errors).Path);

        var owner = new Owner { Name = "Ann", Payment = new Card { Object = CardObject.Card, Last4 = "42" } };
        Assert.Equal("payment.last4", Assert.Single(PetsValidation.Validate(owner).Errors).Path);
    }

    [Fact]
    public void A_primitive_variant_is_checked_by_its_own_rules()
    {
        var owner = new Owner { Name = "Ann", Home = new string('x', 51) };
        var error = Assert.Single(PetsValidation.Validate(owner).Errors);
        Assert.Equal("home", error.Path);
        Assert.Equal("maxLength", error.Rule);

        Assert.True(PetsValidation.Validate(owner with { Home = new string('x', 50) }).IsValid);
        var pattern = Assert.Single(PetsValidation.Validate(owner with { Home = "Addr 1" }).Errors);
        Assert.Equal(("home", "pattern"), (pattern.Path, pattern.Rule));
        Assert.True(PetsValidation.Validate(owner with { Home = new Address { Object = AddressObject.Address, City = "Oslo" } }).IsValid);
    }

    [Fact]
    public void Integer_enums_are_CSharp_enums_named_by_the_document_and_keep_unknown_numbers()
    {
        var owner = ReadOwner("""{"name":"Ann","rank":2,"priority":-1}""");
        Assert.Equal(OwnerRank.Silver, owner.Rank);
        Assert.Equal(OwnerPriority.ValueMinus1, owner.Priority);
        Assert.Equal(typeof(int), typeof(OwnerRank).GetEnumUnderlyingType());
        Assert.Equal(typeof(long), typeof(OwnerPriority).GetEnumUnderlyingType());
        Assert.Equal(2, (int)ComponentType.Button);

        // A number the spec does not name is read, kept and sent back; validation reports it.
        var unknown = ReadOwner("""{"name":"Ann","rank":7}""");
        Assert.Equal((OwnerRank)7, unknown.Rank);
        Assert.Equal("""{"name":"Ann","rank":7}""", Json(PetsJson.Serialize(unknown)));
        var error = Assert.Single(PetsValidation.Validate(unknown).Errors);
        Assert.Equal(("rank", "enum"), (error.Path, error.Rule));
        Assert.Equal("must be one of 1, 2, 3 (was 7)", error.Message);
        Assert.True(PetsValidation.Validate(owner).IsValid);
    }

    [Fact]
    public void An_integer_enum_that_does_not_fit_its_type_is_an_error_not_a_wrapped_number()
    {
        var exception = Assert.Throws<JsonException>(() => ReadOwner("""{"name":"Ann","rank":4294967297}"""));
        Assert.Contains("rank", exception.Message);
    }

    [Fact]
    public void Objects_told_apart_by_an_integer_member_with_one_value()
    {
        var row = PetsJson.DeserializeComponent("""{"type":1,"components":[{"type":2,"label":"OK"},{"type":9}]}"""u8);
        Assert.Equal(ComponentType.ActionRow, row.Row!.Type);
        Assert.Equal("OK", row.Row.Components![0].Button!.Label);
        Assert.Equal(ComponentType.Button, row.Row.Components[0].Button!.Type);

        // A kind no variant has stays as it came.
        Assert.Equal(9, row.Row.Components[1].Unknown!.Value.GetProperty("type").GetInt32());
        Assert.Equal("""{"type":1,"components":[{"type":2,"label":"OK"},{"type":9}]}""", Json(PetsJson.Serialize(row)));
    }

    [Fact]
    public void The_empty_string_beside_an_object_is_a_variant_of_its_own_read_and_written_as_it_came()
    {
        var cleared = ReadOwner("""{"name":"Ann","billing":""}""");
        Assert.NotNull(cleared.Billing!.EmptyString);
        Assert.Null(cleared.Billing.Address);
        Assert.Equal("""{"name":"Ann","billing":""}""", Json(PetsJson.Serialize(cleared)));

        var address = ReadOwner("""{"name":"Ann","billing":{"object":"address","city":"Oslo"}}""");
        Assert.Equal("Oslo", address.Billing!.Address!.City);
        Assert.Null(address.Billing.EmptyString);

        // Any other string is none of the variants: kept as it came.
        var other = ReadOwner("""{"name":"Ann","billing":"addr_1"}""");
        Assert.Null(other.Billing!.EmptyString);
        Assert.Equal("addr_1", other.Billing.Unknown!.Value.GetString());
        Assert.Equal("""{"name":"Ann","billing":"addr_1"}""", Json(PetsJson.Serialize(other)));
    }

    [Fact]
    public void A_user_unsets_a_member_with_the_empty_string()
    {
        // Beside a string that takes any string, the empty string is no variant: the member is a string.
        Assert.Equal(typeof(string), typeof(Owner).GetProperty(nameof(Owner.Website))!.PropertyType);
        var owner = new Owner { Name = "Ann", Website = "", Billing = EmptyString.Value };
        Assert.Equal("""{"name":"Ann","website":"","billing":""}""", Json(PetsJson.Serialize(owner)));
        Assert.True(PetsValidation.Validate(owner).IsValid);
        Assert.Equal(owner, ReadOwner(Json(PetsJson.Serialize(owner))));
    }

    [Fact]
    public void An_enum_names_its_empty_string_value_Empty()
    {
        Assert.Equal("", OwnerVolume.Empty.Value);
        Assert.Equal(["", "low", "high"], OwnerVolume.KnownValues.Select(v => v.Value));
        Assert.Equal(OwnerVolume.Empty, ReadOwner("""{"name":"Ann","volume":""}""").Volume);

        // An error lists the empty string so that it shows.
        var error = Assert.Single(PetsValidation.Validate(ReadOwner("""{"name":"Ann","volume":"mid"}""")).Errors);
        Assert.Equal("must be one of \"\", low, high (was 'mid')", error.Message);
    }
}
