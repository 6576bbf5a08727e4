namespace TraffickingCases.Infrastructure.Demo;

/// <summary>Given and family names that fit each nationality, for realistic synthetic children.</summary>
internal static class NameBank
{
    public sealed record Names(string[] Boys, string[] Girls, string[] Family, bool FamilyIsFathersName = false);

    public static readonly IReadOnlyDictionary<string, Names> ByNationality = new Dictionary<string, Names>
    {
        ["GBR"] = new(
            ["Jack", "Oliver", "Harry", "Charlie", "Jacob", "Tyler", "Kai", "Leon", "Jayden", "Reece", "Callum", "Mason", "Liam", "Connor", "Ethan", "Kyle", "Brandon", "Tyrese", "Malik", "Josh"],
            ["Olivia", "Amelia", "Chloe", "Jessica", "Lily", "Ellie", "Megan", "Shannon", "Demi", "Keira", "Aaliyah", "Paige"],
            ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "Hughes", "Green", "Campbell", "Clarke", "Mensah"]),
        ["ALB"] = new(
            ["Ardit", "Arlind", "Besnik", "Dritan", "Elvis", "Endrit", "Erion", "Fatjon", "Klevis", "Kristi", "Mario", "Renaldo", "Xhuljan", "Ervin", "Jurgen", "Armando"],
            ["Ana", "Arjola", "Elira", "Enkeleda", "Klea", "Sara", "Xhesika", "Era"],
            ["Hoxha", "Shehu", "Krasniqi", "Gashi", "Berisha", "Dervishi", "Leka", "Kola", "Marku", "Çela", "Hoxhë", "Muça", "Dushku", "Shkëmbi", "Bajrami", "Kuçi"]),
        ["SDN"] = new(
            ["Mohammed", "Ahmed", "Abdelrahman", "Osman", "Yousif", "Omer", "Hassan", "Ibrahim", "Musa", "Adam", "Abubakar", "Mustafa", "Hamid", "Elsadig"],
            ["Fatima", "Amna", "Aisha", "Hawa", "Mariam", "Sara"],
            ["Ahmed", "Mohamed", "Osman", "Abdalla", "Ibrahim", "Yousif", "Hassan", "Adam", "Ali", "Musa", "Ishag", "Abakar"],
            FamilyIsFathersName: true),
        ["ERI"] = new(
            ["Yonas", "Filmon", "Merhawi", "Semere", "Biniam", "Dawit", "Robel", "Henok", "Abel", "Mikael", "Tesfalem", "Yohannes", "Kibrom", "Natnael"],
            ["Helen", "Senait", "Luwam", "Selam", "Feven", "Ruta", "Winta"],
            ["Tesfay", "Gebremedhin", "Haile", "Kidane", "Berhane", "Tekle", "Ghebreyesus", "Weldemichael", "Asmerom", "Yemane", "Habte", "Mehari"],
            FamilyIsFathersName: true),
        ["AFG"] = new(
            ["Ahmad", "Mohammad", "Ali", "Hamid", "Jawad", "Mustafa", "Sohail", "Naveed", "Farhad", "Rahmatullah", "Shafiq", "Sami", "Bilal", "Zabihullah"],
            ["Fatima", "Zahra", "Maryam", "Parwana", "Nilofar", "Shabnam"],
            ["Ahmadi", "Rahimi", "Hakimi", "Sultani", "Karimi", "Mohammadi", "Safi", "Noori", "Stanikzai", "Popal", "Amiri", "Hussaini"]),
        ["VNM"] = new(
            ["Minh", "Duc", "Hung", "Tuan", "Anh", "Long", "Nam", "Quang", "Thanh", "Hieu", "Khoa", "Phuc", "Dung", "Huy"],
            ["Linh", "Huong", "Trang", "Mai", "Ngoc", "Thu", "Lan"],
            ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Nguyen", "Tran", "Pham"]),
        ["IRN"] = new(
            ["Amir", "Reza", "Mehdi", "Hossein", "Ali", "Arash", "Kian", "Saeed", "Omid", "Behnam", "Dariush", "Soran"],
            ["Shirin", "Maryam", "Sara", "Niloufar", "Parisa"],
            ["Hosseini", "Ahmadi", "Mohammadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi", "Kazemi", "Mahmoudi"]),
        ["ROU"] = new(
            ["Andrei", "Alexandru", "Ionut", "Florin", "Marian", "Gabriel", "Bogdan", "Cristian", "Stefan", "Vasile", "Constantin"],
            ["Maria", "Elena", "Ioana", "Andreea", "Florentina", "Denisa", "Bianca"],
            ["Popescu", "Ionescu", "Stan", "Dumitru", "Stoica", "Gheorghe", "Rusu", "Munteanu", "Lăcătuș", "Căldărar", "Dinu"]),
        ["SOM"] = new(
            ["Abdi", "Abdirahman", "Mohamed", "Hassan", "Ahmed", "Yusuf", "Mahad", "Liban", "Farah", "Abdullahi", "Hamza"],
            ["Hodan", "Amina", "Fadumo", "Ayan", "Hibo", "Sahra"],
            ["Abdi", "Mohamed", "Ali", "Hassan", "Warsame", "Farah", "Osman", "Jama", "Aden", "Hussein", "Egal"],
            FamilyIsFathersName: true),
        ["SYR"] = new(
            ["Mohammad", "Ahmad", "Khaled", "Omar", "Yazan", "Hamza", "Abdullah", "Mahmoud", "Bashar", "Rami"],
            ["Rania", "Lina", "Noor", "Hala", "Yasmin"],
            ["Al-Hassan", "Haddad", "Khalil", "Al-Ahmad", "Darwish", "Hamdan", "Kurdi", "Al-Khatib", "Najjar"]),
        ["ETH"] = new(
            ["Abebe", "Dawit", "Yonatan", "Henok", "Tewodros", "Bereket", "Samuel", "Mulugeta", "Kaleab"],
            ["Hiwot", "Tigist", "Meron", "Bethlehem", "Selamawit"],
            ["Tadesse", "Bekele", "Girma", "Haile", "Alemu", "Wolde", "Negash", "Tesfaye", "Kebede"],
            FamilyIsFathersName: true),
        ["NGA"] = new(
            ["Chukwuemeka", "Oluwaseun", "Emeka", "Tunde", "Ifeanyi", "Chinedu", "Ayomide", "Samuel", "David", "Daniel"],
            ["Blessing", "Chioma", "Precious", "Favour", "Adaeze", "Folake", "Esther"],
            ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Ogunleye", "Nwosu", "Adebayo", "Uche"]),
    };

    /// <summary>Nicknames and street names children give police.</summary>
    public static readonly string[] Nicknames =
    [
        "Little", "Skinny", "Shorty", "Bruv", "Ace", "Kid", "Tiny", "Boss", "Smokey", "Lil", "Milo", "Junior", "Sunny", "Benji",
    ];
}
