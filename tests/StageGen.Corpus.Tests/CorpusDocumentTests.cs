using Xunit;

namespace StageGen.Corpus.Tests;

/// <summary>The client name a document gets is a C# identifier already, whatever its file is called.</summary>
public sealed class CorpusDocumentTests
{
    [Theory]
    [InlineData("aws-apigatewayv2", "AwsApigatewayv2")]
    [InlineData("twilio-messaging-v1", "TwilioMessagingV1")]
    [InlineData("6-dot-authentiqio.appspot.com", "Api6DotAuthentiqioAppspotCom")]
    [InlineData("vtex.local_Recurrence-(v1-", "VtexLocalRecurrenceV1")]
    [InlineData("1password.com_events", "Api1passwordComEvents")]
    [InlineData("((", "Api")]
    public void A_file_name_becomes_a_PascalCase_identifier(string fileName, string clientName)
        => Assert.Equal(clientName, CorpusDocument.ClientNameOf(fileName));
}
