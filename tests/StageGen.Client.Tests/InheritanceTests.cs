using System.Linq;
using System.Text;
using Contoso.Zoo;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>
/// allOf with one named base from tests/specs/features/inheritance.yaml: derived records (Dog : Animal, Puppy : Dog),
/// written as the record they are at run time, read as the record a discriminator names (mapped, or by schema name),
/// validated with their base's rules, and equal as C# records are.
/// </summary>
public class InheritanceTests
{
    private static string Json(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    [Fact]
    public void A_derived_record_is_its_base_and_has_the_base_members()
    {
        Animal animal = new Puppy { Kind = "puppy", Name = "Rex", BarkVolume = 3, AgeInWeeks = 8 };
        var dog = Assert.IsAssignableFrom<Dog>(animal);
        Assert.Equal(3, dog.BarkVolume);
        Assert.Equal("Rex", animal.Name);
        Assert.False(typeof(Animal).IsSealed);
        Assert.False(typeof(Dog).IsSealed);
        Assert.True(typeof(Puppy).IsSealed);
        Assert.True(typeof(Author).IsSealed);
        // Declared once, by the base.
        Assert.Equal(typeof(Animal), typeof(Puppy).GetProperty(nameof(Animal.Name))!.DeclaringType);
    }

    [Fact]
    public void A_derived_value_held_as_its_base_is_written_whole()
    {
        Animal puppy = new Puppy { Kind = "puppy", Name = "Rex", Tags = ["good"], BarkVolume = 3, AgeInWeeks = 8 };
        Assert.Equal("""{"kind":"puppy","name":"Rex","tags":["good"],"barkVolume":3,"ageInWeeks":8}""", Json(ZooJson.Serialize(puppy)));

        Dog dog = (Dog)puppy;
        Assert.Equal(Json(ZooJson.Serialize(puppy)), Json(ZooJson.Serialize(dog)));

        Item book = new Book { Id = "b-1", Title = "Dune", Author = new Author { Name = "Herbert" } };
        Assert.Equal("""{"id":"b-1","title":"Dune","author":{"name":"Herbert"}}""", Json(ZooJson.Serialize(book)));
    }

    [Fact]
    public void The_mapped_discriminator_value_reads_the_derived_record()
    {
        var dog = Assert.IsType<Dog>(ZooJson.DeserializeAnimal("""{"kind":"dog","name":"Rex","barkVolume":7}"""u8));
        Assert.Equal(7, dog.BarkVolume);
        Assert.Equal("Rex", dog.Name);

        var puppy = Assert.IsType<Puppy>(ZooJson.DeserializeAnimal("""{"name":"Bit","ageInWeeks":5,"kind":"puppy"}"""u8));
        Assert.Equal(5, puppy.AgeInWeeks);
        Assert.Equal("Bit", puppy.Name);

        // Through the middle of the chain too.
        Assert.IsType<Puppy>(ZooJson.DeserializeDog("""{"kind":"puppy","name":"Bit","ageInWeeks":5}"""u8));
        Assert.IsType<Dog>(ZooJson.DeserializeDog("""{"kind":"dog","name":"Rex"}"""u8));
    }

    [Fact]
    public void An_unknown_or_missing_discriminator_value_reads_the_base_itself()
    {
        var cat = ZooJson.DeserializeAnimal("""{"kind":"cat","name":"Tom","barkVolume":1}"""u8);
        Assert.Equal(typeof(Animal), cat.GetType());
        Assert.Equal("Tom", cat.Name);
        Assert.Equal("cat", cat.Kind);

        Assert.Equal(typeof(Animal), ZooJson.DeserializeAnimal("""{"name":"Nobody"}"""u8).GetType());
        // The mapping names 'dog' and 'puppy', not the schema names.
        Assert.Equal(typeof(Animal), ZooJson.DeserializeAnimal("""{"kind":"Dog","name":"Rex"}"""u8).GetType());
    }

    [Fact]
    public void Without_a_mapping_the_derived_schema_names_are_the_values()
    {
        var circle = Assert.IsType<Circle>(ZooJson.DeserializeShape("""{"shapeType":"Circle","radius":2.5,"label":"c"}"""u8));
        Assert.Equal(2.5, circle.Radius);
        Assert.Equal("c", circle.Label);
        Assert.IsType<Square>(ZooJson.DeserializeShape("""{"shapeType":"Square","side":1}"""u8));
        Assert.Equal(typeof(Shape), ZooJson.DeserializeShape("""{"shapeType":"circle"}"""u8).GetType());
    }

    [Fact]
    public void Without_a_discriminator_the_base_reads_as_the_base()
    {
        var item = ZooJson.DeserializeItem("""{"id":"b-1","title":"Dune"}"""u8);
        Assert.Equal(typeof(Item), item.GetType());
        Assert.IsType<Book>(ZooJson.DeserializeBook("""{"id":"b-1","title":"Dune"}"""u8));
    }

    [Fact]
    public void Values_round_trip_as_the_record_they_are()
    {
        Animal[] animals =
        [
            new Animal { Kind = "cat", Name = "Tom" },
            new Dog { Kind = "dog", Name = "Rex", BarkVolume = 2 },
            new Puppy { Kind = "puppy", Name = "Bit", AgeInWeeks = 5, Tags = ["small"] },
        ];
        foreach (var animal in animals)
        {
            var read = ZooJson.DeserializeAnimal(ZooJson.Serialize(animal));
            Assert.Equal(animal.GetType(), read.GetType());
            Assert.Equal(Json(ZooJson.Serialize(animal)), Json(ZooJson.Serialize(read)));
        }

        var circle = new Circle { ShapeType = "Circle", Radius = 1 };
        Assert.Equal(circle, ZooJson.DeserializeShape(ZooJson.Serialize((Shape)circle)));
    }

    [Fact]
    public void Records_compare_and_copy_across_the_hierarchy_as_CSharp_records_do()
    {
        var a = new Dog { Kind = "dog", Name = "Rex", BarkVolume = 2 };
        var b = new Dog { Kind = "dog", Name = "Rex", BarkVolume = 2 };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { BarkVolume = 3 });
        Assert.NotEqual(a, b with { Name = "Max" });

        // Same members, different records: not equal, either way round.
        Animal animal = new Animal { Kind = "dog", Name = "Rex" };
        Animal dog = new Dog { Kind = "dog", Name = "Rex" };
        Assert.NotEqual(animal, dog);
        Assert.NotEqual(dog, animal);
        Assert.False(animal == dog);

        // 'with' on a value held as its base keeps the run-time record and its members.
        var renamed = dog with { Name = "Max" };
        Assert.IsType<Dog>(renamed);
        Assert.Equal(new Dog { Kind = "dog", Name = "Max" }, renamed);

        var text = new Puppy { Kind = "puppy", Name = "Bit", AgeInWeeks = 5 }.ToString();
        Assert.StartsWith("Puppy {", text);
        Assert.Contains("Name = Bit", text);
        Assert.Contains("AgeInWeeks = 5", text);
    }

    [Fact]
    public void A_derived_validator_checks_the_base_rules_and_its_own()
    {
        var puppy = new Puppy { Kind = "puppy", Name = "", BarkVolume = 11, AgeInWeeks = -1 };
        var errors = ZooValidation.Validate(puppy).Errors.Select(e => (e.Path, e.Rule)).ToList();
        Assert.Equal([("name", "minLength"), ("barkVolume", "maximum"), ("ageInWeeks", "minimum")], errors);

        // Held as the base, the value is checked as the record it is, each rule once.
        Assert.Equal(errors, ZooValidation.Validate((Animal)puppy).Errors.Select(e => (e.Path, e.Rule)).ToList());
        Assert.True(ZooValidation.Validate(new Puppy { Kind = "puppy", Name = "Bit", AgeInWeeks = 5 }).IsValid);

        var circle = new Circle { ShapeType = "Circle", Label = "far too long a label", Radius = 0 };
        Assert.Equal([("label", "maxLength"), ("radius", "exclusiveMinimum")], ZooValidation.Validate((Shape)circle).Errors.Select(e => (e.Path, e.Rule)).ToList());
        Assert.Equal("id", Assert.Single(ZooValidation.Validate(new Book { Id = "Not Valid" }).Errors).Path);
    }

    [Fact]
    public void A_member_redeclared_otherwise_keeps_the_merged_record()
    {
        // LabelledItem's own parts redeclare 'id' as an integer, NotedItem's make 'note' required: neither derives.
        Assert.Equal(typeof(object), typeof(LabelledItem).BaseType);
        Assert.Equal(typeof(object), typeof(NotedItem).BaseType);
        Assert.Equal(typeof(object), typeof(BookAndShape).BaseType);
        var labelled = ZooJson.DeserializeLabelledItem("""{"id":"x","label":"l","note":null}"""u8);
        Assert.Equal("x", labelled.Id);
        Assert.Equal("l", labelled.Label);
        Assert.True(labelled.Note.HasValue);
        var noted = new NotedItem { Id = "n", Note = null, Extra = "e" };
        Assert.Equal("""{"id":"n","note":null,"extra":"e"}""", Json(ZooJson.Serialize(noted)));
    }
}
