# Builds the web app and the tc CLI into one image. docker-compose.yml runs the CLI's `migrate` (as the database owner)
# in a one-shot service before the app starts; the app itself does not migrate and connects as a limited role.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig TraffickingCases.sln ./
COPY src/ src/
# tc bench lives in tools/TraffickingCases.Bench, which the CLI references.
COPY tools/ tools/
RUN dotnet restore src/TraffickingCases.Web/TraffickingCases.Web.csproj \
 && dotnet restore src/TraffickingCases.Cli/TraffickingCases.Cli.csproj
RUN dotnet publish src/TraffickingCases.Web/TraffickingCases.Web.csproj -c Release -o /app/web --no-restore \
 && dotnet publish src/TraffickingCases.Cli/TraffickingCases.Cli.csproj -c Release -o /app/cli --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app/web ./
COPY --from=build /app/cli ./cli/
# Where the app writes signed audit checkpoints (a volume in docker-compose.yml; a new named volume takes this owner).
RUN mkdir -p /var/lib/tc/audit-checkpoints && chown app:app /var/lib/tc/audit-checkpoints
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "TraffickingCases.Web.dll"]
