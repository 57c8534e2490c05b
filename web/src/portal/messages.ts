import type { MessagesLike } from '../i18n/messages.ts';

export const vi = {
  home: {
    title: 'Trang chủ',
    heading: 'Nền tảng chuyển đổi số và đô thị thông minh Hà Nội',
    lead: 'Hệ thống dùng chung của Thành phố Hà Nội để thực hiện Kế hoạch 239/KH-UBND ngày 27/9/2023 của UBND Thành phố về chuyển đổi số, xây dựng thành phố Hà Nội thông minh đến năm 2025, định hướng đến năm 2030.',
    principle:
      'Một nền tảng, một mô hình dữ liệu: định danh, cơ quan, dữ liệu và nhật ký kiểm toán dùng chung cho mọi chức năng, không có ứng dụng rời rạc của riêng từng đơn vị.',
    areasHeading: 'Các phân hệ',
    open: 'Mở phân hệ {{name}}',
    comingSoonNote: 'Phân hệ đang được xây dựng; chưa có dữ liệu để hiển thị.',
    areas: {
      plan: {
        name: 'Theo dõi thực hiện kế hoạch',
        description:
          'Chỉ tiêu, nhiệm vụ, kỳ báo cáo và tiến độ của Kế hoạch 239: 27 chỉ tiêu chính quyền số, 7 chỉ tiêu kinh tế số, 14 chỉ tiêu xã hội số.',
      },
      services: {
        name: 'Dịch vụ công trực tuyến',
        description:
          'Thủ tục hành chính trực tuyến, điền sẵn dữ liệu người dân đã cung cấp khi có sự đồng ý, theo dõi hồ sơ và thời hạn giải quyết.',
      },
      openData: {
        name: 'Dữ liệu mở và danh mục CSDL',
        description:
          'Danh mục cơ sở dữ liệu của Thành phố và dữ liệu mở của chính quyền, công bố theo lộ trình.',
      },
      exchange: {
        name: 'Kết nối, chia sẻ dữ liệu',
        description:
          'Dịch vụ dữ liệu giữa các cơ quan, quyền truy cập, yêu cầu gắn với sự đồng ý và nhật ký trao đổi có ký số.',
      },
      index: {
        name: 'Chỉ số chuyển đổi số',
        description:
          'Bộ chỉ số đánh giá chuyển đổi số của các sở, ngành và 126 phường, xã: tự đánh giá, minh chứng, thẩm định, xếp hạng.',
      },
      urban: {
        name: 'Trung tâm điều hành và đô thị thông minh',
        description:
          'Trung tâm điều hành (IOC), dữ liệu cảm biến và các dịch vụ đô thị thông minh thí điểm: giao thông, môi trường, y tế, giáo dục.',
      },
      agencies: {
        name: 'Cơ quan, đơn vị',
        description:
          'Cây tổ chức có hiệu lực theo ngày: các sở, ngành; 30 quận, huyện đến 30/6/2025; 126 phường, xã từ 01/7/2025, với quan hệ kế thừa và bản đồ ranh giới.',
      },
    },
  },
  signIn: {
    title: 'Đăng nhập',
    heading: 'Đăng nhập',
    lead: 'Chọn cách đăng nhập phù hợp với bạn.',
    citizenHeading: 'Công dân',
    citizen: 'Công dân — đăng nhập qua VNeID',
    citizenBody: 'Dùng tài khoản định danh điện tử VNeID. Một số dịch vụ yêu cầu tài khoản định danh mức 2.',
    officialHeading: 'Cán bộ, công chức',
    official: 'Cán bộ — tài khoản công vụ',
    officialBody: 'Dùng tên đăng nhập, mật khẩu và mã xác thực một lần (TOTP) do cơ quan cấp.',
    simulated:
      'VNeID trong môi trường này là bản mô phỏng: không kết nối tới hệ thống VNeID thật và chỉ dùng dữ liệu dân cư mô phỏng.',
    simulatedBadge: 'VNeID mô phỏng',
    alreadySignedIn: 'Bạn đang đăng nhập với tên {{name}}.',
    goToAccount: 'Xem tài khoản',
  },
};

export const en: MessagesLike<typeof vi> = {
  home: {
    title: 'Home',
    heading: 'Hanoi digital-transformation and smart-city platform',
    lead: "The shared system of the City of Hanoi for Plan 239/KH-UBND of 27 September 2023 of the City People's Committee on digital transformation and building a smart Hanoi to 2025, with an orientation to 2030.",
    principle:
      'One platform, one data model: identity, agencies, data and the audit log are shared by every capability, with no standalone apps owned by a single unit.',
    areasHeading: 'Areas',
    open: 'Open {{name}}',
    comingSoonNote: 'This area is being built; there is no data to show yet.',
    areas: {
      plan: {
        name: 'Plan monitoring',
        description:
          'Targets, tasks, reporting cycles and progress of Plan 239: 27 digital-government, 7 digital-economy and 14 digital-society targets.',
      },
      services: {
        name: 'Online public services',
        description:
          'Administrative procedures online, pre-filled with data residents gave before when they agree, with tracking of applications and legal deadlines.',
      },
      openData: {
        name: 'Open data and database catalogue',
        description:
          "The city's database catalogue and the open data of the city government, published step by step.",
      },
      exchange: {
        name: 'Data exchange',
        description:
          'Data services between agencies, access grants, consent-bound requests and a signed exchange log.',
      },
      index: {
        name: 'Digital-transformation index',
        description:
          'The index that evaluates the digital transformation of departments and the 126 wards and communes: self-assessment, evidence, appraisal, ranking.',
      },
      urban: {
        name: 'Operations centre and smart-urban pilots',
        description:
          'The intelligent operations centre (IOC), sensor data and pilot smart-urban services: transport, environment, health, education.',
      },
      agencies: {
        name: 'Agencies and units',
        description:
          'The tree of agencies valid on any date: departments; the 30 districts until 30 Jun 2025; the 126 wards and communes from 1 Jul 2025, with successions and boundary maps.',
      },
    },
  },
  signIn: {
    title: 'Sign in',
    heading: 'Sign in',
    lead: 'Choose how you want to sign in.',
    citizenHeading: 'Citizens',
    citizen: 'Citizen — sign in with VNeID',
    citizenBody: 'Use your VNeID electronic identity. Some services require a level-2 identity.',
    officialHeading: 'Officials',
    official: 'Official — civil-service account',
    officialBody: 'Use the username, password and one-time code (TOTP) issued by your agency.',
    simulated:
      'VNeID is simulated in this environment: it does not connect to the real VNeID system and uses synthetic population data only.',
    simulatedBadge: 'Simulated VNeID',
    alreadySignedIn: 'You are signed in as {{name}}.',
    goToAccount: 'View my account',
  },
};
